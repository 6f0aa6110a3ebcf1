using AutoFoh.Dsp.Bands;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>
/// The learned policy of seed 000 (section 7.1: "deep Q-Networks", Mnih et al. 2013) with the paper's
/// action set {up 3 dB, down 3 dB, stay}. State: the target's 24-band column of live − ideal averaged
/// over the seconds heard, plus its sum / 24. An MLP (25 → 64 → 64 → 3) estimates each action's value;
/// training uses ε-greedy exploration (1 → 0.05), experience replay, a target network refreshed every 100
/// steps, γ = 0.9, Huber loss and Adam, all from one seed.
/// </summary>
public sealed class DqnPolicy : ISoundcheckPolicy
{
    private static readonly double[] Actions = [3, -3, 0];
    private const int Features = CriticalBands.Count + 1;
    private readonly Mlp _network;

    private DqnPolicy(Mlp network) => _network = network;

    public string Name => "dqn";

    public void Reset() { }

    public double Act(IReadOnlyList<ObservedFrame> observation, Random random) => Actions[Greedy(_network, State(observation))];

    public sealed record TrainingOptions(int Episodes = 100, int Seed = 1, double Gamma = 0.9, int BatchSize = 32, int ReplayCapacity = 5000, int TargetUpdateSteps = 100, double LearningRate = 1e-3);

    /// <summary>Trains on gym episodes of the given songs; progress reports the fraction of episodes done.</summary>
    public static DqnPolicy Train(IReadOnlyList<GymSong> songs, GymOptions? gym = null, TrainingOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= new TrainingOptions();
        var random = new Random(options.Seed);
        var online = new Mlp([Features, 64, 64, Actions.Length], new Random(options.Seed + 1));
        var target = new Mlp([Features, 64, 64, Actions.Length], new Random(options.Seed + 1));
        target.LoadStateDict(online.StateDict());
        var optimizer = new Adam(online.Parameters(), options.LearningRate);
        var replay = new List<(float[] State, int Action, float Reward, float[] Next)>();
        var environments = songs.Select(s => new SoundcheckEnvironment(s, gym)).ToArray();
        int step = 0;
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            var env = environments[episode % environments.Length];
            var state = State(env.Reset(random));
            double epsilon = Math.Max(0.05, 1.0 - episode / (0.7 * options.Episodes));
            for (int k = 0; k < env.Options.Steps; k++)
            {
                int action = random.NextDouble() < epsilon ? random.Next(Actions.Length) : Greedy(online, state);
                var (reward, observation) = env.Step(Actions[action]);
                var next = State(observation);
                // Rewards are −Σ|live − ideal| per second (0..−48); scaled to keep Q values near 1.
                var transition = (state, action, (float)(reward / CriticalBands.Count), next);
                if (replay.Count < options.ReplayCapacity) replay.Add(transition); else replay[step % options.ReplayCapacity] = transition;
                state = next;
                step++;
                if (replay.Count >= options.BatchSize) Learn(online, target, optimizer, replay, random, options, step);
                if (step % options.TargetUpdateSteps == 0) target.LoadStateDict(online.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Detach()));
            }
            progress?.Report((episode + 1) / (double)options.Episodes);
        }
        online.Eval();
        return new DqnPolicy(online);
    }

    private static void Learn(Mlp online, Mlp target, Optimizer optimizer, List<(float[] State, int Action, float Reward, float[] Next)> replay,
        Random random, TrainingOptions options, int step)
    {
        int b = options.BatchSize;
        var states = new float[b * Features];
        var nexts = new float[b * Features];
        var actions = new float[b];
        var rewards = new float[b];
        for (int i = 0; i < b; i++)
        {
            var t = replay[random.Next(replay.Count)];
            t.State.CopyTo(states, i * Features);
            t.Next.CopyTo(nexts, i * Features);
            actions[i] = t.Action;
            rewards[i] = t.Reward;
        }
        Tensor nextValues;
        using (GradMode.Disable()) nextValues = F.Max(target.Forward(new Tensor(nexts, b, Features)), 1);
        var goal = new float[b];
        for (int i = 0; i < b; i++) goal[i] = rewards[i] + (float)options.Gamma * nextValues.Data[i];
        optimizer.ZeroGrad();
        var q = F.Reshape(F.Gather(online.Forward(new Tensor(states, b, Features)), 1, new Tensor(actions, b, 1)), b);
        var loss = F.HuberLoss(q, new Tensor(goal, b));
        LossGuard.Check(loss, step);
        loss.Backward();
        GradientClipping.ClipGradNorm(online.Parameters(), 10);
        optimizer.Step();
    }

    private static int Greedy(Mlp network, float[] state)
    {
        Tensor values;
        using (GradMode.Disable()) values = network.Forward(new Tensor(state, 1, Features));
        int best = 0;
        for (int a = 1; a < Actions.Length; a++) if (values.Data[a] > values.Data[best]) best = a;
        return best;
    }

    /// <summary>The target's column of live − ideal, averaged over the seconds heard, and its sum / 24.</summary>
    public static float[] State(IReadOnlyList<ObservedFrame> observation)
    {
        var state = new float[Features];
        var shares = new float[observation[0].Ideal.Length];
        foreach (var frame in observation)
        {
            frame.Shares(0, shares);
            int n = frame.InstrumentCount, i = frame.Target;
            for (int b = 0; b < CriticalBands.Count; b++) state[b] += (shares[b * n + i] - frame.Ideal[b * n + i]) / observation.Count;
        }
        state[CriticalBands.Count] = state.Take(CriticalBands.Count).Sum() / CriticalBands.Count;
        return state;
    }
}

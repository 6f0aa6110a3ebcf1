using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Lab.LiveMix;

/// <summary>A trainer that takes one seeded optimisation step at a time (so a run can stop and resume exactly).</summary>
public interface IStepTrainer
{
    Module Model { get; }
    Adam Optimizer { get; }
    /// <summary>Seconds of (16 kHz) band audio one step mixes, for the throughput figure.</summary>
    double AudioSecondsPerStep { get; }
    double Step(int step);
}

/// <summary>What `livemix train` was asked: the model, the run's length and seed, and where it is saved.</summary>
public sealed record LiveTrainingRun
{
    public required string Model { get; init; }
    public required string Output { get; init; }
    public string Data { get; init; } = "";
    public string Command { get; init; } = "";
    public int Steps { get; init; } = 3000;
    public int Seed { get; init; } = 1;
    public double LearningRate { get; init; } = 1e-3;
    public double WindowSeconds { get; init; } = 6;
    public int CheckpointEvery { get; init; } = 250;
    public bool Resume { get; init; }
    public int Dim { get; init; } = 32;
    public double BalanceWeight { get; init; } = new AiLiveTrainingOptions().BalanceWeight;
}

public sealed record LiveTrainingReport(int FirstStep, int Steps, double FirstLoss, double FinalLoss, double Seconds, double AudioSecondsPerSecond);

/// <summary>
/// Runs a training of alm, alm-sr or dmc: builds the model from the seed (or, resuming, reads the model and
/// its optimiser state from the checkpoint and its <c>.state</c> file), steps, and saves both every
/// <see cref="LiveTrainingRun.CheckpointEvery"/> steps and at the end, with the run's command, seed, data,
/// losses, step and run id (<see cref="RunId"/>) in the checkpoint's metadata. Every step's window comes
/// from (seed, step) through <see cref="SeedMixer"/>, so the same command gives the same bytes in any process.
/// <para>
/// A save writes the checkpoint beside its place (<see cref="PendingFile"/>), then the optimiser state
/// (atomically: the save's commit), then moves the checkpoint in; both files carry the step and the run id.
/// A kill at any moment so leaves a pair that resumes exactly (a kill between the last two moves leaves the
/// pending checkpoint of the committed state, which --resume moves in), and --resume refuses a checkpoint and
/// a state of different saves or runs, or options other than the run's (only --steps may change).
/// </para>
/// <para>
/// A loss that is not finite, or a weight that is not finite or past <see cref="Checkpoint.MaxAbsWeight"/>
/// after a step, stops the run (<see cref="TrainingDivergedException"/>) before anything is saved, so the
/// last checkpoint stays as it was.
/// </para>
/// </summary>
public static class LiveTraining
{
    public static string StateFile(string output) => output + ".state";

    /// <summary>The checkpoint of a save whose optimiser state is not committed yet (or was, just before a kill).</summary>
    public static string PendingFile(string output) => output + ".pending";

    /// <summary>
    /// The run's identity: a hash of what decides its weights step by step (model, width, seed, learning rate,
    /// window, balance weight and the schedule's length), stable across processes and machines.
    /// </summary>
    public static string RunId(LiveTrainingRun run)
    {
        bool dmc = run.Model == "dmc";
        string identity = string.Create(CultureInfo.InvariantCulture,
            $"model={run.Model};dim={(dmc ? 0 : run.Dim)};seed={run.Seed};lr={run.LearningRate:R};window_seconds={(dmc ? 0 : run.WindowSeconds):R};balance_weight={run.BalanceWeight:R};steps={run.Steps}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
    }

    public static LiveTrainingReport Run(LiveTrainingRun run, IReadOnlyList<TrainingSong> songs, Action<double, string>? progress = null)
    {
        if (run.Steps < 1) throw new ArgumentException($"--steps {run.Steps}: at least 1");
        if (run.CheckpointEvery < 1) throw new ArgumentException($"--checkpoint-every {run.CheckpointEvery}: at least 1");
        if (!LiveModels.LearnedNames.Contains(run.Model)) throw new ArgumentException($"--model {run.Model}: not a learned mixer (alm, alm-sr, dmc)");
        // Before any model is read: resuming may first finish a save that a kill interrupted.
        var (first, state) = run.Resume ? CheckResume(run) : (0, []);
        IStepTrainer trainer;
        AiLiveModel? ailive = null;
        DmcModel? dmc = null;
        if (run.Model == "dmc")
        {
            dmc = run.Resume ? LiveModels.LoadDmc(run.Output).Model : new DmcModel(new Random(run.Seed));
            dmc.Train();
            trainer = new DmcStepTrainer(dmc, songs, run.LearningRate, run.Seed, run.BalanceWeight);
        }
        else
        {
            var config = run.Model == "alm" ? AiLiveConfig.MultiRate with { Dim = run.Dim } : AiLiveConfig.SingleRate with { Dim = run.Dim };
            if (run.Resume)
            {
                ailive = LiveModels.LoadAiLive(run.Output).Model;
                if (ailive.Config != config) throw new ArgumentException($"{run.Output}: the checkpoint is a {ailive.Config.Name} of dim {ailive.Config.Dim}, not the {config.Name} of dim {config.Dim} asked for");
                ailive.Train();
            }
            else ailive = new AiLiveModel(config, new Random(run.Seed));
            trainer = new AiLiveTrainer(ailive, songs, new AiLiveTrainingOptions
            {
                Steps = run.Steps, LearningRate = run.LearningRate, WindowSeconds = run.WindowSeconds, Seed = run.Seed, BalanceWeight = run.BalanceWeight,
            });
        }
        if (run.Resume) trainer.Optimizer.LoadState(state, first);
        string runId = RunId(run);
        int saved = run.Resume ? first : -1;
        var clock = Stopwatch.StartNew();
        double firstLoss = double.NaN, recent = 0;
        int recentCount = 0;
        var losses = new List<double>();
        for (int step = first; step < run.Steps; step++)
        {
            double loss;
            try
            {
                loss = LossGuard.Check(trainer.Step(step), step + 1);
                if (Checkpoint.FirstBadValue(trainer.Model.StateDict()) is { } bad) throw new TrainingDivergedException($"training diverged at step {step + 1}: {bad}");
            }
            catch (TrainingDivergedException error)
            {
                string kept = saved >= 0 ? $"{run.Output} keeps step {saved}" : $"nothing was saved";
                throw new TrainingDivergedException(string.Create(CultureInfo.InvariantCulture, $"{error.Message}; {kept} (is --lr {run.LearningRate} too high?)"));
            }
            if (double.IsNaN(firstLoss)) firstLoss = loss;
            losses.Add(loss);
            recent += loss;
            recentCount++;
            bool last = step + 1 == run.Steps;
            if ((step + 1) % run.CheckpointEvery == 0 || last)
            {
                Save(run, runId, trainer, ailive, dmc, step + 1, recent / recentCount);
                saved = step + 1;
                recent = 0;
                recentCount = 0;
            }
            progress?.Invoke((step + 1) / (double)run.Steps, $"step {step + 1}/{run.Steps} loss {losses.TakeLast(50).Average():0.000}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        int done = run.Steps - first;
        return new LiveTrainingReport(first, done, firstLoss, done > 0 ? losses.TakeLast(Math.Min(50, losses.Count)).Average() : double.NaN,
            seconds, done * trainer.AudioSecondsPerStep / Math.Max(seconds, 1e-9));
    }

    private static void Save(LiveTrainingRun run, string runId, IStepTrainer trainer, AiLiveModel? ailive, DmcModel? dmc, int steps, double meanLoss)
    {
        // No clock time here: the same command must give the same bytes.
        var training = new JsonObject
        {
            ["command"] = run.Command, ["data"] = run.Data, ["seed"] = run.Seed, ["steps"] = steps, ["steps_planned"] = run.Steps,
            ["learning_rate"] = run.LearningRate, ["window_seconds"] = run.WindowSeconds, ["balance_weight"] = run.BalanceWeight, ["mean_loss_since_last_checkpoint"] = Math.Round(meanLoss, 5),
            ["run_id"] = runId,
        };
        string pending = PendingFile(run.Output);
        if (ailive is not null) LiveModels.Save(pending, ailive, training);
        else LiveModels.Save(pending, dmc!, training);
        var (tensors, count) = trainer.Optimizer.SaveState();
        LiveModels.Write(StateFile(run.Output), p => SafeTensors.Save(p, tensors, new Dictionary<string, string>
        {
            ["step"] = steps.ToString(CultureInfo.InvariantCulture), ["optimizer_steps"] = count.ToString(CultureInfo.InvariantCulture), ["run_id"] = runId,
        }));
        File.Move(pending, run.Output, overwrite: true);
    }

    /// <summary>
    /// Where a resumed run starts and its optimiser state, once the checkpoint and the state are shown to be one
    /// save of this run (after finishing a save a kill interrupted). <see cref="Run"/> calls it; a caller may call
    /// it first too, so a refusal comes before minutes of reading data.
    /// </summary>
    public static (int First, Dictionary<string, Tensor> State) CheckResume(LiveTrainingRun run)
    {
        string output = run.Output, statePath = StateFile(output), pending = PendingFile(output);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{statePath}: no optimiser state to resume from", statePath);
        var (state, metadata) = SafeTensors.Load(statePath);
        Checkpoint.CheckWeights(statePath, state, float.PositiveInfinity);
        if (!metadata.TryGetValue("step", out var stepText) || !int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out int step))
            throw new CheckpointException($"{statePath}: no step in its metadata");
        if (!metadata.TryGetValue("run_id", out var runId))
            throw new CheckpointException($"{statePath}: no run id (saved before runs carried one, so it cannot be matched to {output}); start the run again without --resume");
        var saved = SavedRun.Read(output);
        if (saved?.Step != step || saved.RunId != runId)
        {
            // The save of this state was committed and killed before its checkpoint was moved in: finish it.
            if (SavedRun.Read(pending) is { } interrupted && interrupted.Step == step && interrupted.RunId == runId)
            {
                File.Move(pending, output, overwrite: true);
                saved = interrupted;
            }
            else
            {
                string checkpoint = saved is null ? $"{output} is missing" : $"{output} is from step {saved.Step} (run {saved.RunId ?? "unknown"})";
                throw new CheckpointException($"--resume: {checkpoint} and {statePath} from step {step} (run {runId}): not one save of one run, so the run cannot go on exactly");
            }
        }
        var differences = saved.Differences(run);
        if (differences.Count > 0)
            throw new ArgumentException($"--resume: {output} was trained with {string.Join(", ", differences)} (a resumed run keeps its options; only --steps may change)");
        return (step, state);
    }

    /// <summary>What a checkpoint's metadata says about the run that saved it.</summary>
    private sealed record SavedRun(int Step, string? RunId, JsonObject Training)
    {
        public static SavedRun? Read(string path)
        {
            if (!File.Exists(path)) return null;
            var (_, metadata) = SafeTensors.Load(path);
            JsonObject? training = null;
            try { training = JsonNode.Parse(metadata.GetValueOrDefault("config", "{}")) is JsonObject config ? config["training"] as JsonObject : null; }
            catch (JsonException) { }
            if (training is null) throw new CheckpointException($"{path}: no training record in its metadata");
            return new SavedRun(Number<int>(training, "steps") ?? -1, training["run_id"] is JsonValue id && id.TryGetValue(out string? text) ? text : null, training);
        }

        /// <summary>The options of <paramref name="run"/> that differ from the saved run's ("--seed 3, not 4").</summary>
        public List<string> Differences(LiveTrainingRun run)
        {
            var differences = new List<string>();
            void Compare<T>(string field, string option, T wanted) where T : struct, IEquatable<T>
            {
                var had = Number<T>(Training, field);
                if (had is not { } value || !value.Equals(wanted))
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{option} {(had is null ? "unknown" : had.ToString())}, not {wanted}"));
            }
            Compare("seed", "--seed", run.Seed);
            Compare("learning_rate", "--lr", run.LearningRate);
            Compare("balance_weight", "--balance-weight", run.BalanceWeight);
            if (run.Model != "dmc") Compare("window_seconds", "--window-seconds", run.WindowSeconds);
            return differences;
        }

        private static T? Number<T>(JsonObject training, string field) where T : struct =>
            training[field] is JsonValue value && value.TryGetValue(out T result) ? result : null;
    }
}

/// <summary>
/// The DMC baseline stepped one 975 ms example at a time, drawn by (seed, step): the features of frame k
/// (16 kHz) and frame k+1 at the song's rate to judge the gains on, cut from the songs when drawn.
/// </summary>
public sealed class DmcStepTrainer : IStepTrainer
{
    private readonly DmcModel _model;
    private readonly IReadOnlyList<TrainingSong> _songs;
    private readonly List<(int Song, int Frame)> _examples = [];
    private readonly MultiResolutionStftLoss _loss = new();
    private readonly ChannelFeatures _features = new();
    private readonly int _seed;
    private readonly double _balanceWeight;

    public DmcStepTrainer(DmcModel model, IReadOnlyList<TrainingSong> songs, double learningRate, int seed, double balanceWeight = 0)
    {
        _model = model;
        _songs = songs;
        _seed = seed;
        _balanceWeight = balanceWeight;
        int frame = LogMelFrontEnd.FrameSamples;
        for (int s = 0; s < songs.Count; s++)
            for (int k = 0; k + 2 <= songs[s].Length16k / frame; k++)
                if (songs[s].NativeSample((long)(k + 2) * frame) - songs[s].NativeSample((long)(k + 1) * frame) >= 4096) _examples.Add((s, k));
        if (_examples.Count == 0) throw new ArgumentException("no training examples (each live multitrack needs at least two 975 ms frames)");
        Optimizer = new Adam(model.Parameters(), learningRate);
    }

    public Module Model => _model;
    public Adam Optimizer { get; }
    public double AudioSecondsPerStep => LogMelFrontEnd.FrameSamples / (double)LogMelFrontEnd.SampleRateHz;

    public double Step(int step)
    {
        var (s, k) = _examples[new Random(SeedMixer.Mix(_seed, step, 0xD3C)).Next(_examples.Count)];
        var song = _songs[s];
        int frame = LogMelFrontEnd.FrameSamples, channels = song.Channels.Length;
        var features = new float[channels * ChannelFeatures.Size];
        for (int c = 0; c < channels; c++) _features.Compute(song.Channels16k[c].AsSpan(k * frame, frame), features.AsSpan(c * ChannelFeatures.Size, ChannelFeatures.Size));
        var gainsDb = _model.Forward(Tensor.FromArray(features, channels, ChannelFeatures.Size));
        var linear = gainsDb.Data.Select(db => Math.Pow(10, db / 20)).ToArray();
        // As the AiLive trainer: the mix at the song's rate, brought to the target's RMS, its level kept near.
        long from = song.NativeSample((long)(k + 1) * frame), to = song.NativeSample((long)(k + 2) * frame);
        int length = (int)(to - from);
        var mix = new float[length];
        for (int c = 0; c < channels; c++)
            for (int n = 0; n < length; n++) mix[n] += (float)linear[c] * song.Channels[c][from + n];
        var signal = new double[length];
        double loss = _loss.EvaluateLevelMatched(mix, song.Target.AsSpan((int)from, length), signal, new AiLiveTrainingOptions().LevelWeight);
        var upstream = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < length; n++) sum += signal[n] * song.Channels[c][from + n];
            upstream[c] = (float)(sum * linear[c] * Math.Log(10) / 20);
        }
        if (_balanceWeight > 0 && song.BalanceInputs((long)(k + 1) * frame, frame, 1, Enumerable.Repeat(1f, channels).ToArray()) is { } balance)
            BalanceLoss.Evaluate(balance.Paths, balance.TargetPower, gainsDb.Data, upstream, _balanceWeight);
        Optimizer.ZeroGrad();
        gainsDb.Backward(Tensor.FromArray(upstream, channels, 1));
        GradientClipping.ClipGradNorm(_model.Parameters(), 1);
        Optimizer.Step();
        return loss;
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Neural.Serialization;
using AutoFoh.LiveMix;

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
/// <see cref="LiveTrainingRun.CheckpointEvery"/> steps and at the end, atomically, with the run's
/// command, seed, data and losses in the checkpoint's metadata.
/// </summary>
public static class LiveTraining
{
    public static string StateFile(string output) => output + ".state";

    public static LiveTrainingReport Run(LiveTrainingRun run, IReadOnlyList<TrainingSong> songs, Action<double, string>? progress = null)
    {
        if (run.Steps < 1) throw new ArgumentException($"--steps {run.Steps}: at least 1");
        if (run.CheckpointEvery < 1) throw new ArgumentException($"--checkpoint-every {run.CheckpointEvery}: at least 1");
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
            var config = run.Model switch
            {
                "alm" => AiLiveConfig.MultiRate with { Dim = run.Dim },
                "alm-sr" => AiLiveConfig.SingleRate with { Dim = run.Dim },
                _ => throw new ArgumentException($"--model {run.Model}: not a learned mixer (alm, alm-sr, dmc)"),
            };
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
        int first = 0;
        var losses = new List<double>();
        if (run.Resume)
        {
            string state = StateFile(run.Output);
            if (!File.Exists(state)) throw new FileNotFoundException($"{state}: no optimiser state to resume from", state);
            var (tensors, metadata) = SafeTensors.Load(state);
            first = int.Parse(metadata.GetValueOrDefault("step", "0"), System.Globalization.CultureInfo.InvariantCulture);
            trainer.Optimizer.LoadState(tensors, first);
        }
        var clock = Stopwatch.StartNew();
        double firstLoss = double.NaN, recent = 0;
        int recentCount = 0;
        for (int step = first; step < run.Steps; step++)
        {
            double loss = trainer.Step(step);
            if (!double.IsFinite(loss)) throw new InvalidOperationException($"step {step}: the loss is {loss}; the run stopped without saving");
            if (double.IsNaN(firstLoss)) firstLoss = loss;
            losses.Add(loss);
            recent += loss;
            recentCount++;
            bool last = step + 1 == run.Steps;
            if ((step + 1) % run.CheckpointEvery == 0 || last)
            {
                Save(run, trainer, ailive, dmc, step + 1, recent / recentCount);
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

    private static void Save(LiveTrainingRun run, IStepTrainer trainer, AiLiveModel? ailive, DmcModel? dmc, int steps, double meanLoss)
    {
        var training = new JsonObject
        {
            ["command"] = run.Command, ["data"] = run.Data, ["seed"] = run.Seed, ["steps"] = steps, ["steps_planned"] = run.Steps,
            ["learning_rate"] = run.LearningRate, ["window_seconds"] = run.WindowSeconds, ["balance_weight"] = run.BalanceWeight, ["mean_loss_since_last_checkpoint"] = Math.Round(meanLoss, 5),
            ["saved_utc"] = DateTime.UtcNow.ToString("O"),
        };
        if (ailive is not null) LiveModels.Save(run.Output, ailive, training);
        else LiveModels.Save(run.Output, dmc!, training);
        var (tensors, count) = trainer.Optimizer.SaveState();
        LiveModels.Write(StateFile(run.Output), p => SafeTensors.Save(p, tensors, new Dictionary<string, string> { ["step"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture), ["optimizer_steps"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
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
        var (s, k) = _examples[new Random(HashCode.Combine(_seed, step, 0xD3C)).Next(_examples.Count)];
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

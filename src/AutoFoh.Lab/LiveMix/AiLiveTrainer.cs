using AutoFoh.Audio;
using AutoFoh.LiveMix.Data;
using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;
using AutoFoh.Neural.Optim;

namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// A live multitrack to train on: every channel as the microphones gave it and the target mix, at the
/// folder's rate (the loss is taken there, as the evaluation does), and the channels at the model's 16 kHz
/// (what its features hear).
/// </summary>
public sealed record TrainingSong(string Name, float[][] Channels, float[] Target, int SampleRateHz, float[][] Channels16k)
{
    /// <summary>A song already at 16 kHz.</summary>
    public TrainingSong(string name, float[][] channels, float[] target) : this(name, channels, target, LogMelFrontEnd.SampleRateHz, channels) { }

    public static TrainingSong From(LiveFolder folder)
    {
        if (folder.Target.Length == 0) throw new InvalidDataException($"{folder.Path}: no target.wav to train on");
        float[] At16k(float[] x) => folder.SampleRateHz == LogMelFrontEnd.SampleRateHz ? x
            : Resampler.Resample(new AudioBuffer(folder.SampleRateHz, [x]), LogMelFrontEnd.SampleRateHz).Data[0];
        var song = new TrainingSong(folder.Path, folder.Inputs, folder.Target, folder.SampleRateHz, folder.Inputs.Select(At16k).ToArray()) { Recipe = folder.Recipe };
        if (folder.Dry is { } dry) song = song with { DryPower = dry.Select(d => song.BlockPowers(d)).ToArray() };
        return song;
    }

    /// <summary>Length in 16 kHz samples.</summary>
    public int Length16k => Channels16k[0].Length;

    /// <summary>The 16 kHz samples of each block of <see cref="DryPower"/>: a divisor of every F2 (800, 15600).</summary>
    public const int PowerBlock = 80;

    /// <summary>How the folder was made (staging, bleed, target levels), when known: the balance term learns from it.</summary>
    public LiveRecipe? Recipe { get; init; }

    /// <summary>
    /// Each dry instrument's energy (at the song's rate) in every 5 ms block of the 16 kHz timeline: the
    /// samples [round(80·b·rate/16000), round(80·(b+1)·rate/16000)), the very stretches the gains cover.
    /// </summary>
    public double[][]? DryPower { get; init; }

    private double[] BlockPowers(float[] x)
    {
        int blocks = Length16k / PowerBlock;
        var power = new double[blocks];
        for (int b = 0; b < blocks; b++)
        {
            long from = NativeSample((long)b * PowerBlock), to = NativeSample((long)(b + 1) * PowerBlock);
            for (long k = from; k < to && k < x.Length; k++) power[b] += (double)x[k] * x[k];
        }
        return power;
    }

    /// <summary>The sample of the song's own rate at 16 kHz sample <paramref name="t"/>.</summary>
    public long NativeSample(long t) => Math.Min(Target.Length, (long)Math.Round(t * (double)SampleRateHz / LogMelFrontEnd.SampleRateHz));

    /// <summary>
    /// The balance term's inputs for <paramref name="steps"/> stretches of <paramref name="stepSamples"/>
    /// (16 kHz) from <paramref name="t0"/>: per stretch s, channel c and instrument i the energy path ×
    /// staging (× the augmentation gain² of c) × i's dry energy, and i's target energy; null when the recipe
    /// is not known.
    /// </summary>
    public (double[,,] Paths, double[,] TargetPower)? BalanceInputs(long t0, int stepSamples, int steps, IReadOnlyList<float> augmentation)
    {
        if (Recipe is not { } recipe || DryPower is not { } dry || recipe.BleedEnergy.Length != Channels.Length) return null;
        int n = Channels.Length;
        var paths = new double[steps, n, n];
        var target = new double[steps, n];
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < n; i++)
            {
                double power = 0;
                for (long b = (t0 + (long)s * stepSamples) / PowerBlock; b < (t0 + (long)(s + 1) * stepSamples) / PowerBlock && b < dry[i].Length; b++) power += dry[i][b];
                target[s, i] = Math.Pow(10, recipe.TargetDb[i] / 10) * power;
                for (int c = 0; c < n; c++)
                    paths[s, c, i] = Math.Pow(10, recipe.StagingDb[c] / 10) * augmentation[c] * augmentation[c] * recipe.BleedEnergy[c][i] * power;
            }
        return (paths, target);
    }
}

/// <summary>What a training run is asked for; recorded in the checkpoint so the run can be repeated.</summary>
public sealed record AiLiveTrainingOptions
{
    public int Steps { get; init; } = 3000;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>The cosine schedule ends at this fraction of the learning rate.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.1;
    public double WindowSeconds { get; init; } = 6;
    /// <summary>Each window multiplies every channel by its own random gain within ±this (dB): more bad staging to undo; the target does not change.</summary>
    public double AugmentDb { get; init; } = 10;
    public double ClipNorm { get; init; } = 1;
    /// <summary>
    /// The loss compares the mix brought to the target's RMS (as the evaluation does); this weight (per dB²)
    /// keeps the mix's own level near the target's, so the gains stay where an engineer expects them.
    /// </summary>
    public double LevelWeight { get; init; } = 1e-3;
    /// <summary>Weight of the balance term (<see cref="BalanceLoss"/>) beside the MR-STFT, for songs whose recipe is known; 0: MR-STFT only.</summary>
    public double BalanceWeight { get; init; } = 0.03;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// Trains an <see cref="AiLiveModel"/> on windows of live multitracks, zero-latency: the gains decided at
/// decision k (from audio before t_k) multiply the channels over [t_k, t_k + F2), and the MR-STFT loss of
/// that mix against the target reaches each gain as Σ ∂L/∂y(t)·x_c(t) over its samples. Step s draws its
/// window from a generator seeded by (seed, s), so a resumed run repeats an uninterrupted one.
/// </summary>
public sealed class AiLiveTrainer : IStepTrainer
{
    private readonly AiLiveModel _model;
    private readonly TrainingSong[] _songs;
    private readonly AiLiveTrainingOptions _options;
    private readonly MultiResolutionStftLoss _loss = new();
    private readonly LogMelFrontEnd _frontEnd = new();

    public AiLiveTrainer(AiLiveModel model, IReadOnlyList<TrainingSong> songs, AiLiveTrainingOptions options)
    {
        _model = model;
        _options = options;
        int needed = WindowSteps * model.Config.F2Samples;
        _songs = songs.Where(s => s.Length16k >= needed).ToArray();
        if (_songs.Length == 0) throw new ArgumentException($"no training song is as long as one {needed / 16000.0:0.##} s window");
        Optimizer = new Adam(model.Parameters(), options.LearningRate);
    }

    public Adam Optimizer { get; }
    public Neural.Modules.Module Model => _model;
    public double AudioSecondsPerStep => WindowSteps * _model.Config.F2Samples / (double)LogMelFrontEnd.SampleRateHz;

    /// <summary>Decision steps per window.</summary>
    public int WindowSteps => Math.Max((4096 + _model.Config.F2Samples - 1) / _model.Config.F2Samples, (int)Math.Round(_options.WindowSeconds * LogMelFrontEnd.SampleRateHz / _model.Config.F2Samples));

    /// <summary>One Adam step on the window of step <paramref name="step"/>; returns its loss.</summary>
    public double Step(int step)
    {
        var random = new Random(SeedMixer.Mix(_options.Seed, step, 0x5EED));
        var song = _songs[random.Next(_songs.Length)];
        var window = Window.Draw(song, _model.Config, WindowSteps, _options.AugmentDb, random, _frontEnd);
        double fraction = Math.Min(1, step / (double)Math.Max(1, _options.Steps));
        double floor = _options.FinalLearningRateFraction;
        Optimizer.LearningRate = _options.LearningRate * (floor + (1 - floor) * (1 + Math.Cos(Math.PI * fraction)) / 2);
        var gainsDb = _model.Forward(window.Patches, window.Channels, window.RmsDb, window.EmbeddingIndex);
        var (loss, upstream) = Gradient(window, gainsDb.Data);
        Optimizer.ZeroGrad();
        gainsDb.Backward(upstream);
        GradientClipping.ClipGradNorm(_model.Parameters(), _options.ClipNorm);
        Optimizer.Step();
        return loss;
    }

    /// <summary>
    /// The loss of the window's mix under <paramref name="gainsDb"/> [K, C] (decision k's gains over the
    /// channels' samples [Bounds[k], Bounds[k+1]) at their own rate), and ∂loss/∂gain (dB).
    /// </summary>
    private (double Loss, Tensor Upstream) Gradient(Window window, float[] gainsDb)
    {
        int k = window.Steps, channels = window.Channels, length = window.Target.Length;
        var mix = new float[length];
        var linear = new double[gainsDb.Length];
        for (int i = 0; i < gainsDb.Length; i++) linear[i] = Math.Pow(10, gainsDb[i] / 20);
        for (int c = 0; c < channels; c++)
        {
            var x = window.Audio[c];
            for (int s = 0; s < k; s++)
            {
                float g = (float)linear[s * channels + c];
                for (int n = window.Bounds[s]; n < window.Bounds[s + 1]; n++) mix[n] += g * x[n];
            }
        }
        var signal = new double[length];
        double loss = _loss.EvaluateLevelMatched(mix, window.Target, signal, _options.LevelWeight);
        var upstream = new float[gainsDb.Length];
        if (_options.BalanceWeight > 0 && window.Balance is { } balance)
            BalanceLoss.Evaluate(balance.Paths, balance.TargetPower, gainsDb, upstream, _options.BalanceWeight);
        for (int c = 0; c < channels; c++)
        {
            var x = window.Audio[c];
            for (int s = 0; s < k; s++)
            {
                double sum = 0;
                for (int n = window.Bounds[s]; n < window.Bounds[s + 1]; n++) sum += signal[n] * x[n];
                // ∂L/∂dB = ∂L/∂g · g · ln10 / 20.
                upstream[s * channels + c] += (float)(sum * linear[s * channels + c] * Math.Log(10) / 20);
            }
        }
        return (loss, Tensor.FromArray(upstream, k, channels));
    }

    /// <summary>
    /// One training window: K decisions from t0 (16 kHz), the 16 kHz audio the features read (with each
    /// channel's augmentation gain) turned into the log-mel patches of the F1 frames the decisions use and
    /// the RMS before each decision; and, at the song's own rate, every channel (same gains) and the target
    /// over the window, with the sample where each decision's gains start.
    /// </summary>
    public sealed record Window(int Steps, int Channels, float[][] Audio, float[] Target, int[] Bounds, Tensor Patches, Tensor RmsDb, int[] EmbeddingIndex)
    {
        /// <summary>The balance term's inputs, when the song's recipe is known.</summary>
        public (double[,,] Paths, double[,] TargetPower)? Balance { get; init; }

        public static Window Draw(TrainingSong song, AiLiveConfig config, int steps, double augmentDb, Random random, LogMelFrontEnd frontEnd)
        {
            int f2 = config.F2Samples, stride = config.F1StrideSamples, frame = LogMelFrontEnd.FrameSamples;
            int channels = song.Channels.Length, span = steps * f2;
            long t0 = (long)f2 * random.Next(0, (song.Length16k - span) / f2 + 1);
            var absolute = Enumerable.Range(0, steps).Select(k => config.EmbeddingIndexAt(t0 + (long)k * f2)).ToArray();
            var valid = absolute.Where(m => m >= 0).ToArray();
            int first = valid.Length > 0 ? valid.Min() : -1, frames = valid.Length > 0 ? valid.Max() - first + 1 : 1;
            long start = Math.Max(0, Math.Min(t0 - f2, first >= 0 ? (long)first * stride - frame : t0));
            var gains = Enumerable.Range(0, channels).Select(_ => (float)Math.Pow(10, (random.NextDouble() * 2 - 1) * augmentDb / 20)).ToArray();
            var heard = new float[channels][];
            for (int c = 0; c < channels; c++)
            {
                heard[c] = new float[t0 + span - start];
                for (int n = 0; n < heard[c].Length; n++) heard[c][n] = gains[c] * song.Channels16k[c][start + n];
            }
            int patchSize = LogMelFrontEnd.Frames * LogMelFrontEnd.Bands;
            var patches = new float[frames * channels * patchSize];
            if (first >= 0)
                for (int j = 0; j < frames; j++)
                    for (int c = 0; c < channels; c++)
                        frontEnd.Compute(heard[c].AsSpan((int)((long)(first + j) * stride - frame - start), frame), patches.AsSpan((j * channels + c) * patchSize, patchSize));
            else
                Array.Fill(patches, MathF.Log(0.01f));   // no frame is used; the silent patch only fills the shape
            var rms = new float[steps * channels];
            for (int k = 0; k < steps; k++)
            {
                long t = t0 + (long)k * f2, from = Math.Max(0, t - f2);
                for (int c = 0; c < channels; c++)
                    rms[k * channels + c] = AiLiveModel.RmsDb(heard[c].AsSpan((int)(from - start), (int)(t - from)));
            }
            // Decision k's gains start at 16 kHz sample t0 + k·F2, i.e. at round(t·rate/16000) of the song.
            long n0 = song.NativeSample(t0);
            var bounds = Enumerable.Range(0, steps + 1).Select(k => (int)(song.NativeSample(t0 + (long)k * f2) - n0)).ToArray();
            var audio = new float[channels][];
            for (int c = 0; c < channels; c++)
            {
                audio[c] = new float[bounds[^1]];
                for (int n = 0; n < audio[c].Length; n++) audio[c][n] = gains[c] * song.Channels[c][n0 + n];
            }
            var index = absolute.Select(m => m < 0 ? -1 : m - first).ToArray();
            return new Window(steps, channels, audio, song.Target.AsSpan((int)n0, bounds[^1]).ToArray(), bounds,
                Tensor.FromArray(patches, frames * channels, patchSize), Tensor.FromArray(rms, steps, channels), index)
            {
                Balance = song.BalanceInputs(t0, f2, steps, gains),
            };
        }
    }
}

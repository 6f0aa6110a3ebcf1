using AutoFoh.LiveMix.Data;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.LiveMix.Evaluation;

/// <summary>One mixer's figures over a set of live multitrack folders (the fields of `livemix eval --json`).</summary>
public sealed record MixerFigures(string Name, double Mrstft, double BalanceErrorDbMedian, double BalanceErrorDbP90, double GainChangeDbPerSecond, double LatencyMs);

public static class LiveEvaluation
{
    /// <summary>The mixers `livemix` knows by name; the learned ones (alm, alm-sr, dmc) need their checkpoints.</summary>
    public static readonly string[] MixerNames = ["alm", "alm-sr", "dmc", "dugan", "loudness", "unity"];
    public static readonly string[] ClassicNames = ["dugan", "loudness", "unity"];

    /// <summary>A mixer for one folder; learned models are read from <paramref name="models"/> (once each).</summary>
    public static ILiveMixer Create(string name, LiveFolder folder, ModelCache? models = null) => name switch
    {
        "unity" => new UnityMixer(),
        "dugan" => new DuganMixer(),
        // The user picks the style, so the loudness balancer knows the style's target offsets.
        "loudness" => new LoudnessMixer { TargetsDb = folder.Recipe?.TargetDb },
        "alm" or "alm-sr" or "dmc" => (models ?? throw new ArgumentException($"mixer '{name}' needs a models folder")).Create(name),
        _ => throw new ArgumentException($"mixer '{name}': unknown (mixers: {string.Join(", ", MixerNames)})"),
    };

    /// <summary>
    /// Runs every mixer on every folder. MR-STFT compares the mix, brought to the target's RMS (the figure
    /// judges the balance and tone, not the overall level), with the target; the balance error pools every
    /// instrument of every folder with a recipe.
    /// </summary>
    public static List<MixerFigures> Evaluate(IReadOnlyList<LiveFolder> folders, IReadOnlyList<string> mixers, IProgress<double>? progress = null, ModelCache? models = null)
    {
        foreach (var folder in folders)
            if (folder.Target.Length == 0) throw new InvalidDataException($"{folder.Path}: no target.wav to evaluate against");
        var figures = new List<MixerFigures>();
        int total = folders.Count * mixers.Count, done = 0;
        foreach (string name in mixers)
        {
            // Folders in parallel, each with its own mixer; the sums are taken in folder order.
            var perFolder = new (double Mrstft, double Stability, double Latency, double[] Errors)[folders.Count];
            Parallel.For(0, folders.Count, f =>
            {
                var folder = folders[f];
                var mixer = Create(name, folder, models);
                var result = MixRunner.Run(mixer, folder.Inputs, folder.SampleRateHz);
                perFolder[f] = (MixMetrics.MultiResolutionStft(LevelMatched(result.Output, folder.Target), folder.Target),
                    MixMetrics.GainChangeDbPerSecond(result), mixer.LatencyMs,
                    folder.Recipe is not null && folder.Dry is not null
                        ? MixMetrics.BalanceErrorsDb(folder.Recipe, folder.Dry, result).Where(double.IsFinite).Select(Math.Abs).ToArray() : []);
                progress?.Report(Interlocked.Increment(ref done) / (double)total);
            });
            double mrstft = perFolder.Sum(p => p.Mrstft) / folders.Count, stability = perFolder.Sum(p => p.Stability) / folders.Count;
            double latency = perFolder.Max(p => p.Latency);
            var errors = perFolder.SelectMany(p => p.Errors).ToList();
            errors.Sort();
            figures.Add(new MixerFigures(name, mrstft,
                errors.Count == 0 ? double.NaN : Dsp.Statistics.Percentile.OfSorted(errors, 0.5),
                errors.Count == 0 ? double.NaN : Dsp.Statistics.Percentile.OfSorted(errors, 0.9), stability, latency));
        }
        return figures;
    }

    private static float[] LevelMatched(float[] mix, float[] target)
    {
        double m = 0, t = 0;
        for (int k = 0; k < mix.Length; k++) { m += (double)mix[k] * mix[k]; t += (double)target[k] * target[k]; }
        float scale = m > 0 ? (float)Math.Sqrt(t / m) : 1f;
        return mix.Select(v => v * scale).ToArray();
    }
}

/// <summary>The learned mixers' checkpoints in a models folder, each read once and shared by the mixers made from it.</summary>
public sealed class ModelCache(string folder)
{
    private readonly Dictionary<string, object> _models = [];
    private readonly Lock _lock = new();

    public string Folder => folder;

    public bool Has(string name) => File.Exists(Models.LiveModels.FileFor(folder, name));

    public ILiveMixer Create(string name)
    {
        object model;
        lock (_lock)
        {
            if (!_models.TryGetValue(name, out model!))
            {
                string path = Models.LiveModels.FileFor(folder, name);
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no trained '{name}' model (make one with `autofoh livemix train --model {name}`)", path);
                _models[name] = model = name == "dmc" ? Models.LiveModels.LoadDmc(path).Model : Models.LiveModels.LoadAiLive(path).Model;
            }
        }
        return model is Models.DmcModel dmc ? new DmcMixer(dmc) : new AiLiveMixer((Models.AiLiveModel)model);
    }
}

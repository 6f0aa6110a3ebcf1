using AutoFoh.LiveMix.Data;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.LiveMix.Evaluation;

/// <summary>One mixer's figures over a set of live multitrack folders (the fields of `livemix eval --json`).</summary>
public sealed record MixerFigures(string Name, double Mrstft, double BalanceErrorDbMedian, double BalanceErrorDbP90, double GainChangeDbPerSecond, double LatencyMs);

public static class LiveEvaluation
{
    /// <summary>The mixers `livemix` knows by name (the learned ones join with their checkpoints).</summary>
    public static readonly string[] MixerNames = ["unity", "dugan", "loudness"];

    public static ILiveMixer Create(string name, LiveFolder folder) => name switch
    {
        "unity" => new UnityMixer(),
        "dugan" => new DuganMixer(),
        // The user picks the style, so the loudness balancer knows the style's target offsets.
        "loudness" => new LoudnessMixer { TargetsDb = folder.Recipe?.TargetDb },
        _ => throw new ArgumentException($"mixer '{name}': unknown (mixers: {string.Join(", ", MixerNames)})"),
    };

    /// <summary>
    /// Runs every mixer on every folder. MR-STFT compares the mix, brought to the target's RMS (the figure
    /// judges the balance and tone, not the overall level), with the target; the balance error pools every
    /// instrument of every folder with a recipe.
    /// </summary>
    public static List<MixerFigures> Evaluate(IReadOnlyList<LiveFolder> folders, IReadOnlyList<string> mixers, IProgress<double>? progress = null)
    {
        var figures = new List<MixerFigures>();
        int total = folders.Count * mixers.Count, done = 0;
        foreach (string name in mixers)
        {
            double mrstft = 0, stability = 0, latency = 0;
            var errors = new List<double>();
            foreach (var folder in folders)
            {
                if (folder.Target.Length == 0) throw new InvalidDataException($"{folder.Path}: no target.wav to evaluate against");
                var mixer = Create(name, folder);
                var result = MixRunner.Run(mixer, folder.Inputs, folder.SampleRateHz);
                mrstft += MixMetrics.MultiResolutionStft(LevelMatched(result.Output, folder.Target), folder.Target) / folders.Count;
                stability += MixMetrics.GainChangeDbPerSecond(result) / folders.Count;
                latency = Math.Max(latency, mixer.LatencyMs);
                if (folder.Recipe is not null && folder.Dry is not null)
                    errors.AddRange(MixMetrics.BalanceErrorsDb(folder.Recipe, folder.Dry, result).Where(double.IsFinite).Select(Math.Abs));
                progress?.Report(++done / (double)total);
            }
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

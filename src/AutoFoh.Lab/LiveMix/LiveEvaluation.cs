using AutoFoh.LiveMix.Data;
using AutoFoh.LiveMix;

namespace AutoFoh.Lab.LiveMix;

/// <summary>One mixer's figures over a set of live multitrack folders (the fields of `livemix eval --json`).</summary>
public sealed record MixerFigures(string Name, double Mrstft, double BalanceErrorDbMedian, double BalanceErrorDbP90, double GainChangeDbPerSecond, double LatencyMs);

public static class LiveEvaluation
{
    /// <summary>
    /// A mixer for one folder. The user picks the style, so the loudness balancer is given the style's
    /// target offsets from the folder's recipe.
    /// </summary>
    public static ILiveMixer Create(MixerRegistry mixers, string name, LiveFolder folder) => mixers.Create(name, folder.Recipe?.TargetDb);

    /// <summary>
    /// Runs every mixer on every folder. MR-STFT compares the mix, brought to the target's RMS (the figure
    /// judges the balance and tone, not the overall level), with the target; the balance error pools every
    /// instrument of every folder with a recipe.
    /// </summary>
    public static List<MixerFigures> Evaluate(IReadOnlyList<LiveFolder> folders, IReadOnlyList<string> names, MixerRegistry registry, IProgress<double>? progress = null)
    {
        foreach (var folder in folders)
            if (folder.Target.Length == 0) throw new InvalidDataException($"{folder.Path}: no target.wav to evaluate against");
        var figures = new List<MixerFigures>();
        int total = folders.Count * names.Count, done = 0;
        foreach (string name in names)
        {
            // Folders in parallel, each with its own mixer; the sums are taken in folder order.
            var perFolder = new (double Mrstft, double Stability, double Latency, double[] Errors)[folders.Count];
            Parallel.For(0, folders.Count, f =>
            {
                var folder = folders[f];
                var mixer = Create(registry, name, folder);
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

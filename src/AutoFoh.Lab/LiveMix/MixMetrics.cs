using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Data;

namespace AutoFoh.Lab.LiveMix;

/// <summary>The figures a live mix is judged by.</summary>
public static class MixMetrics
{
    /// <summary>The resolutions of the multi-resolution STFT distance (hop a quarter of each).</summary>
    public static readonly int[] StftSizes = [512, 1024, 4096];

    /// <summary>
    /// Multi-resolution STFT distance between a mix and its target: for each FFT size (Hann window, hop
    /// 25%), spectral convergence ‖|Y|−|T|‖/‖|T|‖ plus the mean absolute difference of log magnitudes,
    /// averaged over the sizes. 0 for identical signals; both terms grow with the spectral difference.
    /// </summary>
    public static double MultiResolutionStft(ReadOnlySpan<float> mix, ReadOnlySpan<float> target)
    {
        if (mix.Length != target.Length) throw new ArgumentException($"the mix has {mix.Length} samples, the target {target.Length}");
        double total = 0;
        foreach (int size in StftSizes)
        {
            var fft = new RealFft(size);
            var window = Window.Create(WindowType.Hann, size);
            var y = new float[fft.BinCount];
            var t = new float[fft.BinCount];
            int hop = size / 4;
            double difference = 0, reference = 0, logDifference = 0;
            long cells = 0;
            for (int start = 0; start + size <= mix.Length; start += hop)
            {
                fft.ForwardMagnitude(mix.Slice(start, size), window, y);
                fft.ForwardMagnitude(target.Slice(start, size), window, t);
                for (int k = 0; k < y.Length; k++)
                {
                    double d = y[k] - t[k];
                    difference += d * d;
                    reference += (double)t[k] * t[k];
                    logDifference += Math.Abs(Math.Log(y[k] + 1e-7) - Math.Log(t[k] + 1e-7));
                }
                cells += y.Length;
            }
            if (cells == 0) throw new ArgumentException($"the signals are shorter than one {size}-sample frame");
            total += Math.Sqrt(difference) / Math.Max(Math.Sqrt(reference), 1e-12) + logDifference / cells;
        }
        return total / StftSizes.Length;
    }

    /// <summary>
    /// Per-instrument balance error (dB): each instrument's share of the mix's power against its share in
    /// the target. The mix's share comes from the recipe: instrument i reaches channel c with energy
    /// E[c][i] times the channel's staging, the mixer's gain of c (per block) multiplies it, and the dry
    /// instrument's power in that block sets how much there is (paths are summed in power: bleed arrives at
    /// other delays). Instruments silent in the whole song get NaN. Positive: too loud in the mix.
    /// </summary>
    public static double[] BalanceErrorsDb(LiveRecipe recipe, IReadOnlyList<float[]> dry, MixResult result)
    {
        int n = recipe.Instruments.Length, block = result.BlockSamples, blocks = result.GainsDb.Length;
        if (dry.Count != n) throw new ArgumentException($"{dry.Count} dry stems for {n} instruments");
        var mixed = new double[n];
        var target = new double[n];
        var staging = recipe.StagingDb.Select(db => Math.Pow(10, db / 10)).ToArray();
        for (int b = 0; b < blocks; b++)
        {
            // The gains in force during block b are those reported at the end of the block before it.
            var gains = result.GainsDb[Math.Max(0, b - 1)];
            for (int i = 0; i < n; i++)
            {
                double power = 0;
                int start = b * block, end = Math.Min(dry[i].Length, start + block);
                for (int k = start; k < end; k++) power += (double)dry[i][k] * dry[i][k];
                if (power == 0) continue;
                double reach = 0;
                for (int c = 0; c < n; c++) reach += Math.Pow(10, gains[c] / 10) * staging[c] * recipe.BleedEnergy[c][i];
                mixed[i] += reach * power;
                target[i] += Math.Pow(10, recipe.TargetDb[i] / 10) * power;
            }
        }
        double mixedTotal = mixed.Sum(), targetTotal = target.Sum();
        return Enumerable.Range(0, n).Select(i => target[i] > 0 && mixed[i] > 0
            ? 10 * Math.Log10(mixed[i] / mixedTotal / (target[i] / targetTotal))
            : double.NaN).ToArray();
    }

    /// <summary>Gain stability: the mean |change| of the channels' gains, in dB per second.</summary>
    public static double GainChangeDbPerSecond(MixResult result)
    {
        var gains = result.GainsDb;
        if (gains.Length < 2) return 0;
        double change = 0;
        for (int b = 1; b < gains.Length; b++)
            for (int c = 0; c < gains[b].Length; c++) change += Math.Abs(gains[b][c] - gains[b - 1][c]);
        double seconds = (gains.Length - 1) * result.BlockSamples / (double)result.SampleRateHz;
        return change / gains[0].Length / seconds;
    }
}

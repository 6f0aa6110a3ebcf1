using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Mastering.Features;

/// <summary>
/// Share of a mono signal's energy in fixed bands, from its long-term average power spectrum (Hann frames
/// of 4096 side by side, the last one zero-padded; a long-term average needs no overlap, and without it the
/// measurement costs half), in dB relative to the total. Bands are half-open [lowHz, highHz) on bin frequencies; a band with no energy reads the floor.
/// </summary>
public static class BandEnergies
{
    public const int FftSize = 4096;

    /// <summary>Energy of each band relative to the whole spectrum, in dB, floored at <paramref name="floorDb"/>.</summary>
    public static double[] RelativeDb(ReadOnlySpan<float> mono, double sampleRateHz, IReadOnlyList<(double LowHz, double HighHz)> bands, double floorDb)
    {
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        var power = AveragePower(mono);
        var fft = new RealFft(FftSize);
        double total = power.Sum();
        var result = new double[bands.Count];
        for (int b = 0; b < bands.Count; b++)
        {
            double sum = 0;
            for (int k = 0; k < power.Length; k++)
            {
                double f = fft.BinFrequencyHz(k, sampleRateHz);
                if (f >= bands[b].LowHz && f < bands[b].HighHz) sum += power[k];
            }
            result[b] = total > 0 && sum > 0 ? Math.Max(floorDb, 10 * Math.Log10(sum / total)) : floorDb;
        }
        return result;
    }

    /// <summary>Sum over frames of |X[k]|² (the scale cancels in the ratios).</summary>
    private static double[] AveragePower(ReadOnlySpan<float> mono)
    {
        var fft = new RealFft(FftSize);
        var window = Window.Create(WindowType.Hann, FftSize);
        var frame = new float[FftSize];
        var magnitude = new float[fft.BinCount];
        var power = new double[fft.BinCount];
        const int hop = FftSize;
        for (int start = 0; start < mono.Length; start += hop)
        {
            int take = Math.Min(FftSize, mono.Length - start);
            mono.Slice(start, take).CopyTo(frame);
            if (take < FftSize) Array.Clear(frame, take, FftSize - take);
            fft.ForwardMagnitude(frame, window, magnitude);
            for (int k = 0; k < magnitude.Length; k++) power[k] += (double)magnitude[k] * magnitude[k];
            if (start + FftSize >= mono.Length) break;
        }
        return power;
    }
}

using AutoFoh.Dsp.Statistics;

namespace AutoFoh.Dsp.Features;

/// <summary>
/// Dynamic range of a signal in dB: the spread between its loud and quiet passages, measured as the
/// 95th minus the 10th percentile of 400 ms RMS windows (100 ms hop) above -70 dBFS. The percentiles
/// and gate follow EBU Tech 3342's loudness range, without K-weighting, so one snare hit or a
/// silent count-in does not decide the figure.
/// </summary>
public static class DynamicRange
{
    public const double SilenceGateDbfs = -70.0;

    public static double Db(ReadOnlySpan<float> mono, double sampleRateHz)
    {
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        int window = Math.Max(1, (int)Math.Round(0.4 * sampleRateHz));
        int hop = Math.Max(1, (int)Math.Round(0.1 * sampleRateHz));
        var levels = WindowedRms.Compute(mono, window, hop)
            .Select(r => Decibels.FromAmplitude(r))
            .Where(db => db > SilenceGateDbfs)
            .Order()
            .ToArray();
        if (levels.Length < 2) return 0;
        return Percentile.OfSorted(levels, 0.95) - Percentile.OfSorted(levels, 0.10);
    }
}

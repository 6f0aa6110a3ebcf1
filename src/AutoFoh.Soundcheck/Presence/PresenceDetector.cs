using AutoFoh.Dsp.Statistics;

namespace AutoFoh.Soundcheck.Presence;

/// <summary>
/// Who is playing (seed 000, section 6.1): an instrument plays in a window when the RMS of any of its
/// 10 ms subsections exceeds a threshold (default 1e-3, the paper's). Per-instrument thresholds can be
/// calibrated from a recording of that instrument (the paper's future work; the line check needs it,
/// because a room microphone never reads 1e-3 of silence).
/// </summary>
public sealed class PresenceDetector
{
    /// <summary>The paper's silence threshold on 10 ms RMS.</summary>
    public const float DefaultThresholdRms = 1e-3f;

    public PresenceDetector(double sampleRateHz, float thresholdRms = DefaultThresholdRms, double subsectionSeconds = 0.010)
    {
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (!(thresholdRms > 0) || !float.IsFinite(thresholdRms)) throw new ArgumentOutOfRangeException(nameof(thresholdRms), thresholdRms, "threshold must be a positive RMS");
        SampleRateHz = sampleRateHz;
        ThresholdRms = thresholdRms;
        SubsectionSamples = Math.Max(1, (int)Math.Round(subsectionSeconds * sampleRateHz));
    }

    public double SampleRateHz { get; }
    public float ThresholdRms { get; }
    public int SubsectionSamples { get; }

    /// <summary>True when any 10 ms subsection of <paramref name="window"/> has an RMS above the threshold.</summary>
    public bool IsPlaying(ReadOnlySpan<float> window)
    {
        double thresholdSquares = (double)ThresholdRms * ThresholdRms;
        for (int start = 0; start < window.Length; start += SubsectionSamples)
        {
            var sub = window.Slice(start, Math.Min(SubsectionSamples, window.Length - start));
            double sum = 0;
            foreach (float x in sub) sum += (double)x * x;
            if (sum / sub.Length > thresholdSquares) return true;
        }
        return false;
    }

    /// <summary>
    /// A detector whose threshold suits the instrument heard in <paramref name="take"/> (a line-check
    /// recording of it playing alone, through the same microphone). The threshold sits 30 dB below the
    /// take's loud subsections (their 90th percentile RMS), so quiet playing still counts, but at least
    /// 6 dB above the take's noise floor (its 5th percentile RMS), so the room alone does not. A take that
    /// plays throughout has a floor close to its loud level; the threshold then stays 6 dB under the loud
    /// level.
    /// </summary>
    public static PresenceDetector Calibrate(ReadOnlySpan<float> take, double sampleRateHz, double subsectionSeconds = 0.010)
    {
        var probe = new PresenceDetector(sampleRateHz, DefaultThresholdRms, subsectionSeconds);
        int subsections = take.Length / probe.SubsectionSamples;
        if (subsections < 10) throw new ArgumentException($"a calibration take needs at least {10 * subsectionSeconds:0.###} s, got {take.Length / sampleRateHz:0.###} s", nameof(take));
        var rms = new float[subsections];
        for (int s = 0; s < subsections; s++)
        {
            var sub = take.Slice(s * probe.SubsectionSamples, probe.SubsectionSamples);
            double sum = 0;
            foreach (float x in sub) sum += (double)x * x;
            rms[s] = (float)Math.Sqrt(sum / sub.Length);
        }
        float loud = Percentile.InPlace(rms, 0.90);
        float floor = Percentile.InPlace(rms, 0.05);
        if (!(loud > 0)) throw new ArgumentException("the calibration take is silent: the instrument was not heard", nameof(take));
        float threshold = Math.Max(loud * 0.0316f /* -30 dB */, floor * 2f /* +6 dB */);
        threshold = Math.Min(threshold, loud * 0.5f);
        return new PresenceDetector(sampleRateHz, threshold, subsectionSeconds);
    }
}

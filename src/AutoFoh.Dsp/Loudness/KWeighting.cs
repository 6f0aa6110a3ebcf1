using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Loudness;

/// <summary>
/// The K-weighting of ITU-R BS.1770-4 (Annex 1): a high shelf of about +4 dB above 1.5 kHz (the head's
/// acoustic effect) followed by a 38 Hz high-pass (RLB weighting). The published coefficients are for
/// 48 kHz only; here both stages are derived from their analog prototypes (pole frequency, gain, Q) by
/// the bilinear transform, as libebur128 does, so every sample rate gets the same curve, and 48 kHz
/// reproduces the published coefficients.
/// </summary>
public static class KWeighting
{
    // Analog prototype parameters matching BS.1770-4 table 1 and 2 at 48 kHz (as derived by libebur128).
    private const double ShelfFrequencyHz = 1681.974450955533;
    private const double ShelfGainDb = 3.999843853973347;
    private const double ShelfQ = 0.7071752369554196;
    private const double HighPassFrequencyHz = 38.13547087602444;
    private const double HighPassQ = 0.5003270373238773;

    /// <summary>Stage 1: the pre-filter (high shelf).</summary>
    public static BiquadCoefficients Shelf(double sampleRateHz)
    {
        double k = Math.Tan(Math.PI * ShelfFrequencyHz / sampleRateHz);
        double vh = Math.Pow(10, ShelfGainDb / 20);
        double vb = Math.Pow(vh, 0.4996667741545416);
        double a0 = 1 + k / ShelfQ + k * k;
        return new BiquadCoefficients(
            B0: (vh + vb * k / ShelfQ + k * k) / a0,
            B1: 2 * (k * k - vh) / a0,
            B2: (vh - vb * k / ShelfQ + k * k) / a0,
            A1: 2 * (k * k - 1) / a0,
            A2: (1 - k / ShelfQ + k * k) / a0);
    }

    /// <summary>Stage 2: the RLB high-pass.</summary>
    public static BiquadCoefficients HighPass(double sampleRateHz)
    {
        double k = Math.Tan(Math.PI * HighPassFrequencyHz / sampleRateHz);
        double a0 = 1 + k / HighPassQ + k * k;
        return new BiquadCoefficients(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / HighPassQ + k * k) / a0);
    }
}

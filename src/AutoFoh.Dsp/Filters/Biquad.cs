namespace AutoFoh.Dsp.Filters;

/// <summary>
/// One channel of a second-order IIR section, transposed direct form II with double-precision state
/// (low noise at the low frequencies of K-weighting and EQ shelves). No allocation per sample.
/// </summary>
public sealed class Biquad
{
    private double _s1, _s2;

    public Biquad(BiquadCoefficients coefficients) => Coefficients = coefficients;

    public BiquadCoefficients Coefficients { get; set; }

    public void Reset() => _s1 = _s2 = 0;

    public float Process(float x)
    {
        var c = Coefficients;
        double y = c.B0 * x + _s1;
        _s1 = c.B1 * x - c.A1 * y + _s2;
        _s2 = c.B2 * x - c.A2 * y;
        return (float)y;
    }

    public void Process(Span<float> samples)
    {
        var c = Coefficients;
        double s1 = _s1, s2 = _s2;
        for (int n = 0; n < samples.Length; n++)
        {
            double x = samples[n];
            double y = c.B0 * x + s1;
            s1 = c.B1 * x - c.A1 * y + s2;
            s2 = c.B2 * x - c.A2 * y;
            samples[n] = (float)y;
        }
        _s1 = s1;
        _s2 = s2;
    }
}

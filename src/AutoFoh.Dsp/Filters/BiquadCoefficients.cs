namespace AutoFoh.Dsp.Filters;

/// <summary>
/// Normalised second-order section H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
/// Constructors for the RBJ Audio EQ Cookbook shapes (R. Bristow-Johnson) take frequencies in Hz.
/// </summary>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    public const double ButterworthQ = 0.70710678118654752;

    public static BiquadCoefficients Identity => new(1, 0, 0, 0, 0);

    /// <summary>Second-order Butterworth-style high-pass (RBJ cookbook HPF).</summary>
    public static BiquadCoefficients HighPass(double frequencyHz, double sampleRateHz, double q = ButterworthQ)
    {
        var (cos, alpha) = Prewarp(frequencyHz, sampleRateHz, q);
        double a0 = 1 + alpha;
        return new((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    /// <summary>Second-order low-pass (RBJ cookbook LPF).</summary>
    public static BiquadCoefficients LowPass(double frequencyHz, double sampleRateHz, double q = ButterworthQ)
    {
        var (cos, alpha) = Prewarp(frequencyHz, sampleRateHz, q);
        double a0 = 1 + alpha;
        return new((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    /// <summary>Peaking EQ (RBJ cookbook): boost or cut of <paramref name="gainDb"/> around <paramref name="frequencyHz"/>.</summary>
    public static BiquadCoefficients Peaking(double frequencyHz, double sampleRateHz, double gainDb, double q)
    {
        double a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = Prewarp(frequencyHz, sampleRateHz, q);
        double a0 = 1 + alpha / a;
        return new((1 + alpha * a) / a0, -2 * cos / a0, (1 - alpha * a) / a0, -2 * cos / a0, (1 - alpha / a) / a0);
    }

    /// <summary>Low shelf (RBJ cookbook, shelf slope S = 1).</summary>
    public static BiquadCoefficients LowShelf(double frequencyHz, double sampleRateHz, double gainDb) => Shelf(frequencyHz, sampleRateHz, gainDb, high: false);

    /// <summary>High shelf (RBJ cookbook, shelf slope S = 1).</summary>
    public static BiquadCoefficients HighShelf(double frequencyHz, double sampleRateHz, double gainDb) => Shelf(frequencyHz, sampleRateHz, gainDb, high: true);

    /// <summary>Magnitude response |H(e^{jω})| at <paramref name="frequencyHz"/>.</summary>
    public double Magnitude(double frequencyHz, double sampleRateHz)
    {
        double w = 2 * Math.PI * frequencyHz / sampleRateHz;
        var z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w);
        var z2 = z1 * z1;
        var numerator = B0 + B1 * z1 + B2 * z2;
        var denominator = 1 + A1 * z1 + A2 * z2;
        return (numerator / denominator).Magnitude;
    }

    private static BiquadCoefficients Shelf(double frequencyHz, double sampleRateHz, double gainDb, bool high)
    {
        double a = Math.Pow(10, gainDb / 40);
        double w = 2 * Math.PI * frequencyHz / sampleRateHz;
        double cos = Math.Cos(w), alpha = Math.Sin(w) / 2 * Math.Sqrt(2); // S = 1
        double sq = 2 * Math.Sqrt(a) * alpha;
        double s = high ? -1 : 1;
        double a0 = (a + 1) + s * (a - 1) * cos + sq;
        double b0 = a * ((a + 1) - s * (a - 1) * cos + sq);
        double b1 = 2 * s * a * ((a - 1) - s * (a + 1) * cos);
        double b2 = a * ((a + 1) - s * (a - 1) * cos - sq);
        double a1 = -2 * s * ((a - 1) + s * (a + 1) * cos);
        double a2 = (a + 1) + s * (a - 1) * cos - sq;
        return new(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
    }

    private static (double Cos, double Alpha) Prewarp(double frequencyHz, double sampleRateHz, double q)
    {
        if (!(frequencyHz > 0 && frequencyHz < sampleRateHz / 2)) throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"must lie between 0 and {sampleRateHz / 2} Hz");
        if (!(q > 0)) throw new ArgumentOutOfRangeException(nameof(q), q, "Q must be positive");
        double w = 2 * Math.PI * frequencyHz / sampleRateHz;
        return (Math.Cos(w), Math.Sin(w) / (2 * q));
    }
}

namespace AutoFoh.Dsp;

/// <summary>Conversions between linear values and decibels. Zero maps to negative infinity.</summary>
public static class Decibels
{
    public static double FromAmplitude(double amplitude) => amplitude > 0 ? 20.0 * Math.Log10(amplitude) : double.NegativeInfinity;
    public static double FromPower(double power) => power > 0 ? 10.0 * Math.Log10(power) : double.NegativeInfinity;
    public static double ToAmplitude(double decibels) => Math.Pow(10.0, decibels / 20.0);
    public static double ToPower(double decibels) => Math.Pow(10.0, decibels / 10.0);
}

namespace AutoFoh.Mastering.Tests.Features;

/// <summary>Test signals generated from their definition.</summary>
internal static class TestSignals
{
    public static float[] Sine(double frequencyHz, double amplitude, double sampleRateHz, int samples)
    {
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz));
        return x;
    }

    /// <summary>Uniform white noise in ±amplitude.</summary>
    public static float[] Noise(int samples, int seed, double amplitude = 0.5)
    {
        var random = new Random(seed);
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * (2 * random.NextDouble() - 1));
        return x;
    }
}

namespace AutoFoh.Soundcheck.Tests;

internal static class TestSignals
{
    public static float[] Sine(double frequencyHz, double amplitude, double sampleRateHz, int samples)
    {
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz));
        return x;
    }

    /// <summary>Noise with energy only between <paramref name="lowHz"/> and <paramref name="highHz"/> (a sum of random-phase sines 2 Hz apart).</summary>
    public static float[] BandNoise(double lowHz, double highHz, double amplitude, double sampleRateHz, int samples, int seed)
    {
        var random = new Random(seed);
        var x = new double[samples];
        int components = 0;
        for (double f = lowHz; f < highHz; f += 2, components++)
        {
            double phase = random.NextDouble() * 2 * Math.PI;
            double w = 2 * Math.PI * f / sampleRateHz;
            for (int n = 0; n < samples; n++) x[n] += Math.Sin(w * n + phase);
        }
        double scale = amplitude * Math.Sqrt(2.0 / components);
        return x.Select(v => (float)(v * scale)).ToArray();
    }
}

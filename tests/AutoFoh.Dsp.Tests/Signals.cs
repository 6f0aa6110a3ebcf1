namespace AutoFoh.Dsp.Tests;

/// <summary>Test signals generated from their definition.</summary>
internal static class Signals
{
    public static float[] Sine(double frequencyHz, double amplitude, double sampleRateHz, int samples, double phase = 0)
    {
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz + phase));
        return x;
    }

    public static float[] Noise(int samples, int seed, double amplitude = 0.5)
    {
        var random = new Random(seed);
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * (2 * random.NextDouble() - 1));
        return x;
    }

    public static float[] Interleave(params float[][] channels)
    {
        int frames = channels[0].Length;
        var x = new float[frames * channels.Length];
        for (int n = 0; n < frames; n++)
            for (int c = 0; c < channels.Length; c++) x[n * channels.Length + c] = channels[c][n];
        return x;
    }
}

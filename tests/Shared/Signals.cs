namespace AutoFoh.Testing;

/// <summary>Test signals generated from their definition (every test project shares this one copy).</summary>
public static partial class Signals
{
    public static float[] Sine(double frequencyHz, double amplitude, double sampleRateHz, int samples, double phaseRadians = 0)
    {
        var x = new float[samples];
        for (int n = 0; n < samples; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz + phaseRadians));
        return x;
    }

    public static float[] Noise(int frames, int seed, double amplitude = 0.5)
    {
        var random = new Random(seed);
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = (float)(amplitude * (2 * random.NextDouble() - 1));
        return x;
    }

    public static float[] Constant(int frames, double value) => Enumerable.Repeat((float)value, frames).ToArray();

    public static float[] Square(double frequencyHz, double amplitude, int sampleRateHz, int frames)
    {
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = (float)(Math.Sin(2 * Math.PI * frequencyHz * (n + 0.5) / sampleRateHz) >= 0 ? amplitude : -amplitude);
        return x;
    }

    /// <summary>
    /// Drum-like hits: every <paramref name="periodSeconds"/> a burst of noise with an instant attack and a
    /// 40 ms exponential decay plus a decaying 60 Hz thump, peaking near <paramref name="peak"/>.
    /// </summary>
    public static float[] Hits(int sampleRateHz, int frames, double peak, int seed, double periodSeconds = 0.25)
    {
        var random = new Random(seed);
        var x = new float[frames];
        int period = (int)(periodSeconds * sampleRateHz);
        for (int n = 0; n < frames; n++)
        {
            double t = (n % period) / (double)sampleRateHz;
            double envelope = Math.Exp(-t / 0.04);
            x[n] = (float)(peak * envelope * (0.6 * (2 * random.NextDouble() - 1) + 0.4 * Math.Sin(2 * Math.PI * 60 * t)));
        }
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

    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += v * (double)v;
        return Math.Sqrt(sum / x.Length);
    }
}

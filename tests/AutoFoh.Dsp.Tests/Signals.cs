using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Tests;

/// <summary>Test signals generated from their definition, and the measurements the tests make on them.</summary>
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

    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x) sum += v * (double)v;
        return Math.Sqrt(sum / x.Length);
    }

    public static double PeakDb(ReadOnlySpan<float> x)
    {
        float peak = 0;
        foreach (float v in x) peak = Math.Max(peak, Math.Abs(v));
        return Decibels.FromAmplitude(peak);
    }

    /// <summary>True peak in dBTP of planar channels, as <see cref="TruePeakMeter"/> measures it.</summary>
    public static double TruePeakDbtp(int sampleRateHz, params float[][] channels)
    {
        var meter = new TruePeakMeter(sampleRateHz, channels.Length);
        for (int c = 0; c < channels.Length; c++) meter.Process(c, channels[c]);
        return Decibels.FromAmplitude(meter.Peak);
    }

    /// <summary>The gain in dB of a filter for a steady sine: output RMS over input RMS after the first half (the transient).</summary>
    public static double SteadyGainDb(Action<float[]> process, double frequencyHz, int sampleRateHz)
    {
        int frames = sampleRateHz; // one second; the measurement uses the last half, a whole number of periods or close
        var x = Sine(frequencyHz, 0.25, sampleRateHz, frames);
        var y = (float[])x.Clone();
        process(y);
        int periods = (int)Math.Floor(frequencyHz * 0.5);
        int length = periods >= 1 ? (int)Math.Round(periods * sampleRateHz / frequencyHz) : frames / 2;
        var tailIn = x.AsSpan(frames - length);
        var tailOut = y.AsSpan(frames - length);
        return Decibels.FromAmplitude(Rms(tailOut) / Rms(tailIn));
    }
}

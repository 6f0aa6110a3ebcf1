namespace AutoFoh.Dsp.Tests.Loudness;

/// <summary>The signals of EBU Tech 3341 / 3342, built from their published definitions.</summary>
internal sealed class EbuSignals(int sampleRateHz, int channels = 2)
{
    private readonly List<float> _samples = [];

    public int SampleRateHz => sampleRateHz;
    public float[] Interleaved => _samples.ToArray();

    /// <summary>1 kHz sine, peak level <paramref name="dbfs"/> in every channel (or per channel), for <paramref name="seconds"/>.</summary>
    public EbuSignals Sine(double seconds, params double[] dbfs)
    {
        int frames = (int)Math.Round(seconds * sampleRateHz);
        var amplitude = Enumerable.Range(0, channels).Select(c => Math.Pow(10, (dbfs.Length == 1 ? dbfs[0] : dbfs[c]) / 20)).ToArray();
        for (int n = 0; n < frames; n++)
        {
            double s = Math.Sin(2 * Math.PI * 1000 * n / sampleRateHz);
            for (int c = 0; c < channels; c++) _samples.Add((float)(amplitude[c] * s));
        }
        return this;
    }

    public EbuSignals Silence(double seconds)
    {
        _samples.AddRange(new float[(int)Math.Round(seconds * sampleRateHz) * channels]);
        return this;
    }

    /// <summary>
    /// Tech 3341 cases 15-19: 2 s of a sine at <paramref name="frequencyHz"/>, starting at phase
    /// <paramref name="phaseDegrees"/>, linear peak <paramref name="peak"/>, with 10 ms fades in and out.
    /// </summary>
    public static float[] TruePeakTone(int sampleRateHz, double frequencyHz, double phaseDegrees, double peak, int channels = 2)
    {
        int frames = 2 * sampleRateHz, fade = sampleRateHz / 100;
        var x = new float[frames * channels];
        for (int n = 0; n < frames; n++)
        {
            double gain = Math.Min(1.0, Math.Min(n / (double)fade, (frames - 1 - n) / (double)fade));
            float v = (float)(gain * peak * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz + phaseDegrees * Math.PI / 180));
            for (int c = 0; c < channels; c++) x[n * channels + c] = v;
        }
        return x;
    }
}

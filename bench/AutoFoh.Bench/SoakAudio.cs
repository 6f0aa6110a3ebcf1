namespace AutoFoh.Bench;

/// <summary>The soaks' input: per channel a minute of plucked tones (55 Hz × channel, a pluck every 0.5 s) and a little noise.</summary>
internal static class SoakAudio
{
    public static float[][] PluckedTones(int channels, int sampleRateHz, int seconds = 60, int seed = 1)
    {
        var random = new Random(seed);
        int rate = sampleRateHz;
        return Enumerable.Range(0, channels).Select(c => Enumerable.Range(0, seconds * rate).Select(n =>
            (float)(0.2 * Math.Sin(2 * Math.PI * 55 * (c + 1) * n / rate) * Math.Exp(-(n % (rate / 2)) / (rate / 8.0)) + 0.02 * (random.NextDouble() * 2 - 1))).ToArray()).ToArray();
    }
}

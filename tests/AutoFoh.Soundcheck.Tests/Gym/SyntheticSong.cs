namespace AutoFoh.Soundcheck.Tests.Gym;

/// <summary>
/// A small band of overlapping harmonic tones and noise with sections in which instruments rest, so the
/// gym has who-plays changes and shared bands without needing rendered audio.
/// </summary>
internal static class SyntheticSong
{
    public static StemSet Make(int seconds, int sampleRateHz = 16000, int seed = 1)
    {
        var random = new Random(seed);
        string[] names = ["guitar", "bass", "keys"];
        var stems = names.Select(_ => new float[seconds * sampleRateHz]).ToArray();
        double[] fundamentals = [196, 55, 262];
        for (int s = 0; s < seconds; s++)
        {
            // Keys rest in every fourth second pair; bass rests at times; guitar always plays.
            bool[] playing = [true, s % 7 != 3, (s / 2) % 4 != 3];
            for (int i = 0; i < names.Length; i++)
            {
                if (!playing[i]) continue;
                double f0 = fundamentals[i] * (1 + 0.06 * random.Next(0, 5));
                double amplitude = 0.1 * (0.8 + 0.4 * random.NextDouble());
                for (int n = 0; n < sampleRateHz; n++)
                {
                    double t = n / (double)sampleRateHz, v = 0;
                    for (int h = 1; h <= 12; h++)
                        v += Math.Sin(2 * Math.PI * f0 * h * t + h) / h;
                    v += 0.05 * (random.NextDouble() * 2 - 1);
                    stems[i][s * sampleRateHz + n] = (float)(amplitude * v);
                }
            }
        }
        return new StemSet("synthetic", names, stems, sampleRateHz);
    }
}

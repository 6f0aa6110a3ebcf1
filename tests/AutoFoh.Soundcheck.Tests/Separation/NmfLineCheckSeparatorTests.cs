using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Tests.Separation;

public class NmfLineCheckSeparatorTests
{
    private const int Rate = 16000;

    /// <summary>A melody of notes (MIDI keys from <paramref name="keys"/>) with a fixed harmonic timbre.</summary>
    private static float[] Melody(int seed, int[] keys, double[] harmonics, double seconds)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * Rate)];
        int noteLength = Rate / 4;
        for (int start = 0; start < x.Length; start += noteLength)
        {
            double f0 = 440 * Math.Pow(2, (keys[random.Next(keys.Length)] - 69) / 12.0);
            for (int n = 0; n < noteLength && start + n < x.Length; n++)
            {
                double envelope = Math.Exp(-3.0 * n / noteLength), v = 0;
                for (int h = 0; h < harmonics.Length; h++) v += harmonics[h] * Math.Sin(2 * Math.PI * f0 * (h + 1) * n / Rate);
                x[start + n] = (float)(0.2 * envelope * v);
            }
        }
        return x;
    }

    private static readonly int[] BassKeys = [36, 38, 40, 41, 43, 45];
    private static readonly int[] LeadKeys = [72, 74, 76, 77, 79, 81];
    private static readonly double[] BassTimbre = [1, 0.8, 0.6, 0.4, 0.3, 0.2];
    private static readonly double[] LeadTimbre = [1, 0.1, 0.05];

    [Fact]
    public void Separating_with_line_check_dictionaries_beats_the_unprocessed_mixture_by_6_dB()
    {
        var separator = new NmfLineCheckSeparator(["bass", "lead"],
            [Melody(1, BassKeys, BassTimbre, 6), Melody(2, LeadKeys, LeadTimbre, 6)], Rate, fftSize: 1024, hopSize: 256);
        var bass = Melody(3, BassKeys, BassTimbre, 6);
        var lead = Melody(4, LeadKeys, LeadTimbre, 6);
        var mixture = bass.Zip(lead, (a, b) => a + b).ToArray();
        var estimates = separator.Separate(mixture);
        Assert.Equal(2, estimates.Length);
        foreach (var (estimate, truth, name) in new[] { (estimates[0], bass, "bass"), (estimates[1], lead, "lead") })
        {
            double before = SiSdr.Db(mixture, truth), after = SiSdr.Db(estimate, truth);
            Assert.True(after - before > 6, $"{name}: SI-SDR {before:F1} dB in the mixture, {after:F1} dB separated");
        }
    }

    [Fact]
    public void Si_sdr_ignores_gain_and_penalises_interference()
    {
        var s = Melody(5, LeadKeys, LeadTimbre, 1);
        Assert.True(SiSdr.Db(s.Select(v => 3 * v).ToArray(), s) > 60);
        var noise = Melody(6, BassKeys, BassTimbre, 1);
        Assert.Equal(0, SiSdr.Db(s.Zip(noise, (a, b) => a + b * (float)Math.Sqrt(s.Sum(v => v * v) / noise.Sum(v => v * v))).ToArray(), s), 1.0);
    }

    [Fact]
    public void A_line_check_too_short_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new NmfLineCheckSeparator(["bass", "lead"], [new float[Rate], new float[5 * Rate]], Rate));
        Assert.Contains("'bass'", error.Message);
        Assert.Contains("3 s", error.Message);
    }
}

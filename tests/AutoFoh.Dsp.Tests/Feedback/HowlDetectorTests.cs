using AutoFoh.Dsp.Feedback;

namespace AutoFoh.Dsp.Tests.Feedback;

public sealed class HowlDetectorTests
{
    private const int Rate = 48000;

    /// <summary>Band noise standing for the band, plus a sine whose level (dB re full scale) follows <paramref name="levelDb"/> of time.</summary>
    private static float[] ToneInNoise(double hz, Func<double, double> levelDb, double seconds, int seed = 3, double noise = 0.02)
    {
        int n = (int)(seconds * Rate);
        var x = Signals.Noise(n, seed, noise);
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)Rate;
            x[i] += (float)(Math.Pow(10, levelDb(t) / 20) * Math.Sin(2 * Math.PI * hz * t));
        }
        return x;
    }

    private static List<HowlTrack> Confirmed(float[] x, HowlDetector detector, out double firstSeconds)
    {
        var found = new List<HowlTrack>();
        firstSeconds = double.NaN;
        for (int at = 0; at < x.Length; at += 256)
        {
            detector.Push(x.AsSpan(at, Math.Min(256, x.Length - at)));
            foreach (var t in detector.Tracks)
                if (t.Alive && t.Confirmed && !found.Contains(t))
                {
                    found.Add(t);
                    if (double.IsNaN(firstSeconds)) firstSeconds = (at + 256) / (double)Rate;
                }
        }
        return found;
    }

    [Theory]
    [InlineData(250.0)]
    [InlineData(1234.0)]
    [InlineData(5100.0)]
    public void A_tone_that_keeps_growing_out_of_the_band_is_a_howl_at_its_frequency(double hz)
    {
        // From 15 dB under the noise in its bin, 60 dB/s (the detector asks for 12 dB in a quarter of a second), as a loop past its margin rings up.
        var x = ToneInNoise(hz, t => t < 1 ? -120 : -75 + 60 * (t - 1), 3);
        var found = Confirmed(x, new HowlDetector(Rate), out double first);
        var howl = Assert.Single(found);
        Assert.InRange(howl.FrequencyHz, hz - 10, hz + 10);
        Assert.InRange(first, 1.2, 2.2);
    }

    [Fact]
    public void A_howl_in_a_quiet_channel_is_found_though_it_towers_over_silence_from_the_start()
    {
        // A vocal microphone between songs: a little hiss, then a 2.7 kHz loop from −50 dBFS growing 60 dB/s.
        var x = ToneInNoise(2700, t => t < 1 ? -160 : Math.Min(-50 + 60 * (t - 1), -10), 3, noise: 3e-4);
        var howl = Assert.Single(Confirmed(x, new HowlDetector(Rate), out double first));
        Assert.InRange(howl.FrequencyHz, 2690, 2710);
        Assert.InRange(first, 1.2, 1.8);
    }

    [Fact]
    public void A_steady_tone_a_decaying_one_and_noise_are_not()
    {
        var steady = ToneInNoise(1000, _ => -20, 4);
        var decaying = ToneInNoise(700, t => -10 - 15 * (t % 1), 4);
        Assert.Empty(Confirmed(steady, new HowlDetector(Rate), out _));
        Assert.Empty(Confirmed(decaying, new HowlDetector(Rate), out _));
        Assert.Empty(Confirmed(Signals.Noise(4 * Rate, seed: 9, amplitude: 0.3), new HowlDetector(Rate), out _));
    }

    [Fact]
    public void A_note_that_swells_with_its_harmonics_is_music()
    {
        // 220 Hz and four harmonics, all growing 60 dB/s together: a crescendo, not a loop.
        int n = 3 * Rate;
        var x = Signals.Noise(n, 5, 0.02);
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)Rate, level = t < 1 ? -120 : -75 + 60 * (t - 1);
            for (int h = 1; h <= 5; h++) x[i] += (float)(Math.Pow(10, (level - 4 * (h - 1)) / 20) * Math.Sin(2 * Math.PI * 220 * h * t));
        }
        Assert.Empty(Confirmed(x, new HowlDetector(Rate), out _));
    }

    [Fact]
    public void A_growing_tone_with_vibrato_is_music()
    {
        int n = 3 * Rate;
        var x = Signals.Noise(n, 6, 0.02);
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)Rate, level = t < 1 ? -120 : -75 + 60 * (t - 1);
            phase += 2 * Math.PI * 1000 * (1 + 0.02 * Math.Sin(2 * Math.PI * 5.5 * t)) / Rate;   // ±2 %, 5.5 Hz: a singer's vibrato
            x[i] += (float)(Math.Pow(10, level / 20) * Math.Sin(phase));
        }
        Assert.Empty(Confirmed(x, new HowlDetector(Rate), out _));
    }

    [Fact]
    public void Hearing_allocates_nothing_after_construction()
    {
        var detector = new HowlDetector(Rate);
        var x = ToneInNoise(1500, t => -60 + 20 * t, 1);
        int at = 0;
        long bytes = SteadyStateAllocations.PerRound(() =>
        {
            detector.Push(x.AsSpan(at, 256));
            at = (at + 256) % (x.Length - 256);
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Not_a_number_is_heard_as_silence()
    {
        var detector = new HowlDetector(Rate);
        var x = Enumerable.Repeat(float.NaN, Rate).ToArray();
        detector.Push(x);
        Assert.All(detector.Tracks.ToArray(), t => Assert.False(t.Alive && !double.IsFinite(t.LevelDbfs)));
    }
}

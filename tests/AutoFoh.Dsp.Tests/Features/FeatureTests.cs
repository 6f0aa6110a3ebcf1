using AutoFoh.Dsp.Features;

namespace AutoFoh.Dsp.Tests.Features;

public class FeatureTests
{
    [Fact]
    public void A_full_scale_sine_has_rms_minus_3_dbfs_and_crest_factor_3_db()
    {
        var x = Signals.Sine(997, 1.0, 48000, 48000);
        Assert.Equal(-3.0103, AudioFeatures.RmsDbfs(x, 1), 2);
        Assert.Equal(3.0103, AudioFeatures.CrestFactorDb(x, 1), 2);
    }

    [Fact]
    public void A_square_wave_has_no_crest()
    {
        var x = Enumerable.Range(0, 4800).Select(n => (n / 24) % 2 == 0 ? 0.25f : -0.25f).ToArray();
        Assert.Equal(0, AudioFeatures.CrestFactorDb(x, 1), 6);
        Assert.Equal(20 * Math.Log10(0.25), AudioFeatures.RmsDbfs(x, 1), 6);
    }

    [Fact]
    public void Silence_has_minus_infinity_rms_and_zero_crest_and_centroid()
    {
        var x = new float[9600];
        Assert.Equal(double.NegativeInfinity, AudioFeatures.RmsDbfs(x, 2));
        Assert.Equal(0, AudioFeatures.CrestFactorDb(x, 2));
        Assert.Equal(0, AudioFeatures.SpectralCentroidHz(x, 2, 48000));
    }

    [Theory]
    [InlineData(250)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void The_centroid_of_a_sine_is_its_frequency(double frequencyHz)
    {
        var x = Signals.Sine(frequencyHz, 0.5, 44100, 44100 * 2);
        // Within 2% or one FFT bin (10.8 Hz at 4096 points), whichever is larger: window leakage skews low tones slightly.
        Assert.Equal(frequencyHz, AudioFeatures.SpectralCentroidHz(x, 1, 44100), Math.Max(frequencyHz * 0.02, 44100.0 / 4096));
    }

    [Fact]
    public void The_centroid_of_two_equal_sines_lies_between_them()
    {
        var a = Signals.Sine(500, 0.3, 48000, 96000);
        var b = Signals.Sine(4500, 0.3, 48000, 96000);
        var x = a.Zip(b, (p, q) => p + q).ToArray();
        Assert.Equal(2500, AudioFeatures.SpectralCentroidHz(x, 1, 48000), 60.0);
    }

    [Fact]
    public void The_centroid_does_not_depend_on_how_the_signal_is_split_into_blocks()
    {
        var x = Signals.Interleave(Signals.Noise(30000, 4), Signals.Sine(3000, 0.4, 48000, 30000));
        var whole = new SpectralCentroidMeter(48000, 2);
        whole.Process(x);
        var pieces = new SpectralCentroidMeter(48000, 2);
        for (int i = 0; i < x.Length; i += 2 * 333) pieces.Process(x.AsSpan(i, Math.Min(2 * 333, x.Length - i)));
        Assert.Equal(whole.CentroidHz, pieces.CentroidHz, 6);
    }

    [Fact]
    public void Ms_ratio_is_zero_for_mono_and_identical_channels_and_one_for_one_sided_audio()
    {
        var s = Signals.Noise(4800, 5);
        Assert.Equal(0, AudioFeatures.MsRatio(s, 1));
        Assert.Equal(0, AudioFeatures.MsRatio(Signals.Interleave(s, s), 2));
        // Left only: mid = side = L/2.
        Assert.Equal(1, AudioFeatures.MsRatio(Signals.Interleave(s, new float[s.Length]), 2), 9);
        Assert.Equal(double.PositiveInfinity, AudioFeatures.MsRatio(Signals.Interleave(s, s.Select(v => -v).ToArray()), 2));
    }

    [Fact]
    public void Ms_ratio_of_uncorrelated_equal_channels_is_one_and_of_a_panned_source_follows_the_pan()
    {
        var l = Signals.Noise(200_000, 6);
        var r = Signals.Noise(200_000, 7);
        Assert.Equal(1.0, AudioFeatures.MsRatio(Signals.Interleave(l, r), 2), 1);
        // Source at gains (0.8, 0.2): side/mid = (0.8-0.2)/(0.8+0.2) = 0.6.
        var panned = Signals.Interleave(l.Select(v => 0.8f * v).ToArray(), l.Select(v => 0.2f * v).ToArray());
        Assert.Equal(0.6, AudioFeatures.MsRatio(panned, 2), 5);
    }

    [Fact]
    public void Windowed_rms_measures_each_window()
    {
        var x = new float[] { 1, 1, 1, 1, 0, 0, 0, 0, 2, 2 };
        var rms = WindowedRms.Compute(x, windowSamples: 4, hopSamples: 4);
        Assert.Equal(new[] { 1f, 0f, 2f }, rms);
    }

    [Fact]
    public void Dynamic_range_of_a_signal_alternating_between_two_levels_is_their_difference()
    {
        // 3 s at -10 dBFS then 3 s at -30 dBFS, repeated: windows sit at the two levels.
        const double rate = 8000;
        var x = new List<float>();
        for (int repeat = 0; repeat < 4; repeat++)
        {
            x.AddRange(Signals.Sine(440, Math.Sqrt(2) * Math.Pow(10, -10 / 20.0), rate, 24000));
            x.AddRange(Signals.Sine(440, Math.Sqrt(2) * Math.Pow(10, -30 / 20.0), rate, 24000));
        }
        Assert.Equal(20, DynamicRange.Db(x.ToArray(), rate), 0.5);
    }

    [Fact]
    public void Dynamic_range_ignores_silence()
    {
        var x = Signals.Sine(440, 0.5, 8000, 40000).Concat(new float[40000]).ToArray();
        Assert.Equal(0, DynamicRange.Db(x, 8000), 0.5);
    }
}

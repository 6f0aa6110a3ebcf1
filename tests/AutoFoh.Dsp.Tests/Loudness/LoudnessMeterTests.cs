using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Tests.Loudness;

public class LoudnessMeterTests
{
    [Fact]
    public void K_weighting_at_48_kHz_reproduces_the_coefficients_published_in_BS_1770()
    {
        // ITU-R BS.1770-4, Annex 1, tables 1 and 2.
        var shelf = KWeighting.Shelf(48000);
        Assert.Equal(1.53512485958697, shelf.B0, 1e-9);
        Assert.Equal(-2.69169618940638, shelf.B1, 1e-9);
        Assert.Equal(1.19839281085285, shelf.B2, 1e-9);
        Assert.Equal(-1.69065929318241, shelf.A1, 1e-9);
        Assert.Equal(0.73248077421585, shelf.A2, 1e-9);
        var highPass = KWeighting.HighPass(48000);
        Assert.Equal(1.0, highPass.B0);
        Assert.Equal(-2.0, highPass.B1);
        Assert.Equal(1.0, highPass.B2);
        Assert.Equal(-1.99004745483398, highPass.A1, 1e-9);
        Assert.Equal(0.99007225036621, highPass.A2, 1e-9);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(96000)]
    [InlineData(32000)]
    public void K_weighting_has_the_same_response_at_every_rate(int rate)
    {
        foreach (double f in new[] { 20.0, 50, 100, 500, 1000, 2000, 5000, 10000, 14000 })
        {
            double reference = Response(48000, f), here = Response(rate, f);
            // Bilinear warping differs only near each rate's Nyquist frequency.
            Assert.True(Math.Abs(reference - here) < 0.05, $"{f} Hz at {rate} Hz: {here:F3} dB vs {reference:F3} dB at 48 kHz");
        }
    }

    private static double Response(int rate, double f) =>
        20 * Math.Log10(KWeighting.Shelf(rate).Magnitude(f, rate) * KWeighting.HighPass(rate).Magnitude(f, rate));

    [Fact]
    public void Results_do_not_depend_on_how_the_input_is_split()
    {
        var random = new Random(3);
        var x = new float[2 * 48000 * 12];
        for (int n = 0; n < x.Length; n++) x[n] = (float)((random.NextDouble() - 0.5) * (1 + Math.Sin(n / 20000.0)));
        var reference = LoudnessMeter.Measure(x, 48000, 2);
        foreach (int block in new[] { 1, 17, 4800 })
        {
            var meter = new LoudnessMeter(48000, 2);
            for (int start = 0; start < x.Length; start += 2 * block) meter.Process(x.AsSpan(start, Math.Min(2 * block, x.Length - start)));
            Assert.Equal(reference.IntegratedLufs, meter.IntegratedLufs, 9);
            Assert.Equal(reference.LoudnessRangeLu, meter.LoudnessRangeLu, 9);
            Assert.Equal(reference.MomentaryMaxLufs, meter.MomentaryMaxLufs, 9);
            Assert.Equal(reference.TruePeakDbtp, meter.TruePeakDbtp, 9);
        }
    }

    [Fact]
    public void Silence_is_minus_infinity_and_has_no_range()
    {
        var report = LoudnessMeter.Measure(new float[2 * 48000 * 5], 48000, 2);
        Assert.Equal(double.NegativeInfinity, report.IntegratedLufs);
        Assert.Equal(double.NegativeInfinity, report.MomentaryMaxLufs);
        Assert.Equal(double.NegativeInfinity, report.TruePeakDbtp);
        Assert.Equal(0, report.LoudnessRangeLu);
    }

    [Fact]
    public void In_5_1_the_lfe_channel_does_not_count_and_surrounds_weigh_1_5_dB_more()
    {
        const int rate = 48000;
        float[] Tone(int channel)
        {
            var x = new float[6 * rate * 5];
            for (int n = 0; n < rate * 5; n++) x[n * 6 + channel] = (float)(0.1 * Math.Sin(2 * Math.PI * 1000 * n / rate));
            return x;
        }
        var front = LoudnessMeter.Measure(Tone(0), rate, 6).IntegratedLufs;
        var lfe = LoudnessMeter.Measure(Tone(3), rate, 6).IntegratedLufs;
        var surround = LoudnessMeter.Measure(Tone(4), rate, 6).IntegratedLufs;
        Assert.Equal(double.NegativeInfinity, lfe);
        Assert.Equal(10 * Math.Log10(1.41), surround - front, 0.01);
    }

    [Fact]
    public void A_full_scale_1_kHz_sine_in_one_channel_reads_minus_3_01_LKFS_as_BS_1770_defines()
    {
        var x = new float[48000 * 10];
        for (int n = 0; n < x.Length; n++) x[n] = (float)Math.Sin(2 * Math.PI * 997 * n / 48000);
        Assert.Equal(-3.01, LoudnessMeter.Measure(x, 48000, 1).IntegratedLufs, 0.05);
    }
}

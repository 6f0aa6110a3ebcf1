using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Tests.Loudness;

/// <summary>
/// EBU Tech 3341 (v4, 2016) "minimum requirements" test cases, generated from their definitions.
/// Tolerances as the document sets them: ±0.1 LU for loudness, +0.2/−0.4 dB for true peak.
/// Cases 7 and 8 are recorded programme (files EBU distributes, not generatable); cases 20-23 are
/// distributed as files too, see <see cref="InterSamplePeakTests"/> for analytic substitutes.
/// </summary>
public class EbuTech3341Tests
{
    private const double Tolerance = 0.1;

    private static LoudnessMeter Measure(EbuSignals signal, int channels = 2)
    {
        var meter = new LoudnessMeter(signal.SampleRateHz, channels);
        meter.Process(signal.Interleaved);
        return meter;
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_1_stereo_sine_at_minus_23_dBFS_reads_minus_23_LUFS_momentary_short_term_and_integrated(int rate)
    {
        var meter = Measure(new EbuSignals(rate).Sine(20, -23));
        Assert.Equal(-23.0, meter.IntegratedLufs, Tolerance);
        Assert.Equal(-23.0, meter.MomentaryLufs, Tolerance);
        Assert.Equal(-23.0, meter.ShortTermLufs, Tolerance);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_2_stereo_sine_at_minus_33_dBFS_reads_minus_33_LUFS(int rate)
    {
        var meter = Measure(new EbuSignals(rate).Sine(20, -33));
        Assert.Equal(-33.0, meter.IntegratedLufs, Tolerance);
        Assert.Equal(-33.0, meter.MomentaryLufs, Tolerance);
        Assert.Equal(-33.0, meter.ShortTermLufs, Tolerance);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_3_the_relative_gate_drops_quiet_passages(int rate) =>
        Assert.Equal(-23.0, Measure(new EbuSignals(rate).Sine(10, -36).Sine(60, -23).Sine(10, -36)).IntegratedLufs, Tolerance);

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_4_the_absolute_and_relative_gates_together(int rate) =>
        Assert.Equal(-23.0, Measure(new EbuSignals(rate).Sine(10, -72).Sine(10, -36).Sine(60, -23).Sine(10, -36).Sine(10, -72)).IntegratedLufs, Tolerance);

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_5_passages_above_the_relative_gate_all_count(int rate) =>
        Assert.Equal(-23.0, Measure(new EbuSignals(rate).Sine(20, -26).Sine(20.1, -20).Sine(20, -26)).IntegratedLufs, Tolerance);

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Case_6_five_channels_with_surround_weights(int rate) =>
        Assert.Equal(-23.0, Measure(new EbuSignals(rate, 5).Sine(20, -28, -28, -24, -30, -30), 5).IntegratedLufs, Tolerance);

    [Fact]
    public void Case_9_short_term_of_alternating_tones_is_constant_at_minus_23()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 5; i++)
        {
            meter.Process(new EbuSignals(48000).Sine(1.34, -20).Interleaved);
            if (i > 0) Assert.Equal(-23.0, meter.ShortTermLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Sine(1.66, -30).Interleaved);
            Assert.Equal(-23.0, meter.ShortTermLufs, Tolerance);
        }
    }

    [Fact]
    public void Case_10_short_term_of_3_s_bursts_at_any_offset_peaks_at_minus_23()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 20; i++)
        {
            meter.Process(new EbuSignals(48000).Silence(0.15 * i).Interleaved);
            meter.Process(new EbuSignals(48000).Sine(3, -23).Interleaved);
            Assert.Equal(-23.0, meter.ShortTermLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Silence(1).Interleaved);
            Assert.True(meter.ShortTermLufs <= -23.0 + Tolerance);
        }
        Assert.Equal(-23.0, meter.ShortTermMaxLufs, Tolerance);
    }

    [Fact]
    public void Case_11_short_term_follows_3_s_bursts_of_rising_level()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 20; i++)
        {
            double level = -38.0 + i;
            meter.Process(new EbuSignals(48000).Silence(0.15 * i).Interleaved);
            meter.Process(new EbuSignals(48000).Sine(3, level).Interleaved);
            Assert.Equal(level, meter.ShortTermLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Silence(3 - 0.15 * i).Interleaved);
        }
        Assert.Equal(-19.0, meter.ShortTermMaxLufs, Tolerance);
    }

    [Fact]
    public void Case_12_momentary_of_alternating_tones_is_constant_at_minus_23()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 25; i++)
        {
            meter.Process(new EbuSignals(48000).Sine(0.18, -20).Interleaved);
            if (i > 1) Assert.Equal(-23.0, meter.MomentaryLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Sine(0.22, -30).Interleaved);
            if (i > 1) Assert.Equal(-23.0, meter.MomentaryLufs, Tolerance);
        }
    }

    [Fact]
    public void Case_13_momentary_of_400_ms_bursts_at_any_offset_peaks_at_minus_23()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 20; i++)
        {
            meter.Process(new EbuSignals(48000).Silence(0.02 * i).Interleaved);
            meter.Process(new EbuSignals(48000).Sine(0.4, -23).Interleaved);
            Assert.Equal(-23.0, meter.MomentaryLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Silence(1).Interleaved);
        }
        Assert.Equal(-23.0, meter.MomentaryMaxLufs, Tolerance);
    }

    [Fact]
    public void Case_14_momentary_follows_400_ms_bursts_of_rising_level()
    {
        var meter = new LoudnessMeter(48000, 2);
        for (int i = 0; i < 20; i++)
        {
            double level = -38.0 + i;
            meter.Process(new EbuSignals(48000).Silence(0.02 * i).Interleaved);
            meter.Process(new EbuSignals(48000).Sine(0.4, level).Interleaved);
            Assert.Equal(level, meter.MomentaryLufs, Tolerance);
            meter.Process(new EbuSignals(48000).Silence(1).Interleaved);
        }
        Assert.Equal(-19.0, meter.MomentaryMaxLufs, Tolerance);
    }

    [Theory]
    [InlineData(15, 4.0, 0.0, 0.5, -6.0)]
    [InlineData(16, 4.0, 45.0, 0.5, -6.0)]
    [InlineData(17, 6.0, 60.0, 0.5, -6.0)]
    [InlineData(18, 8.0, 67.5, 0.5, -6.0)]
    [InlineData(19, 4.0, 45.0, 1.41, 3.0)]
    public void Cases_15_to_19_true_peak_of_sines_between_samples(int testCase, double fsDivisor, double phaseDegrees, double peak, double expectedDbtp)
    {
        var meter = new LoudnessMeter(48000, 2);
        meter.Process(EbuSignals.TruePeakTone(48000, 48000 / fsDivisor, phaseDegrees, peak));
        double measured = meter.TruePeakDbtp;
        Assert.True(measured >= expectedDbtp - 0.4 && measured <= expectedDbtp + 0.2, $"case {testCase}: {measured:F3} dBTP, expected {expectedDbtp} +0.2/-0.4");
    }

    [Fact]
    public void Case_15_sample_peak_misses_what_true_peak_sees()
    {
        // A quarter-rate sine at 45 degrees has samples at 0.707 of its peak.
        var meter = new LoudnessMeter(48000, 2);
        meter.Process(EbuSignals.TruePeakTone(48000, 12000, 45, 0.5));
        Assert.Equal(20 * Math.Log10(0.5 * Math.Sqrt(0.5)), meter.SamplePeakDbfs, 0.05);
        Assert.Equal(-6.02, meter.TruePeakDbtp, 0.2);
    }
}

using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class CompressorTests
{
    private const int Rate = 48000;

    /// <summary>Giannoulis, Massberg and Reiss (JAES 2012) eq. 4, restated: the output level for input level x.</summary>
    private static double Eq4(double x, double threshold, double ratio, double knee)
    {
        if (2 * (x - threshold) < -knee) return x;
        if (2 * Math.Abs(x - threshold) <= knee) return x + (1 / ratio - 1) * Math.Pow(x - threshold + knee / 2, 2) / (2 * knee);
        return threshold + (x - threshold) / ratio;
    }

    private static Compressor Prepared(CompressorSettings settings)
    {
        var compressor = new Compressor(settings);
        compressor.Prepare(Rate, 4096);
        return compressor;
    }

    [Theory]
    [InlineData(-40.0)] // below the knee
    [InlineData(-26.0)] // in the knee, lower half
    [InlineData(-20.0)] // at the threshold, the knee's middle
    [InlineData(-16.0)] // in the knee, upper half
    [InlineData(-6.0)]  // above
    [InlineData(0.0)]   // far above
    public void A_steady_sine_comes_out_at_the_static_curve_level(double inputPeakDb)
    {
        var settings = new CompressorSettings(ThresholdDb: -20, Ratio: 4, KneeDb: 10, AttackMs: 5, ReleaseMs: 500, MakeupDb: 3);
        var compressor = Prepared(settings);
        // 1 kHz at 48 kHz: every 12th sample is a crest, so the sample peak is the sine's peak.
        var x = Signals.Sine(1000, Math.Pow(10, inputPeakDb / 20), Rate, Rate, Math.PI / 2);
        var y = (float[])x.Clone();
        compressor.Process(y, []);
        double outputPeakDb = Signals.PeakDb(y.AsSpan(Rate / 2));
        Assert.Equal(Eq4(inputPeakDb, -20, 4, 10) + 3, outputPeakDb, 0.1);
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-12.0)]
    [InlineData(-3.0)]
    public void The_static_curve_matches_equation_4_with_a_hard_and_a_soft_knee(double inputDb)
    {
        foreach (double knee in new[] { 0.0, 6.0, 24.0 })
            Assert.Equal(Eq4(inputDb, -18, 3, knee), Compressor.StaticCurveDb(inputDb, -18, 3, knee), 12);
    }

    [Theory]
    [InlineData(-24.0, 0.0)]
    [InlineData(-10.0, 0.0)]
    [InlineData(-2.0, 6.0)]
    public void A_constant_level_is_compressed_exactly_to_the_curve(double inputDb, double kneeDb)
    {
        // A constant (DC) input has |x| constant: the detector settles on x_G − y_G exactly, sample for sample.
        var compressor = Prepared(new CompressorSettings(-12, 2.5, kneeDb, 2, 50));
        var x = Signals.Constant(Rate / 2, Math.Pow(10, inputDb / 20));
        compressor.Process(x, []);
        Assert.Equal(Eq4(inputDb, -12, 2.5, kneeDb), 20 * Math.Log10(x[^1]), 0.01);
    }

    /// <summary>The gain applied, in dB, to a DC step from −40 dB to 0 dB and back (output over input, sample by sample).</summary>
    private static double[] StepGainDb(double attackMs, double releaseMs, int stepAt, int stepBack, int frames)
    {
        var compressor = Prepared(new CompressorSettings(-30, 10, 0, attackMs, releaseMs));
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = n >= stepAt && n < stepBack ? 1f : 0.01f;
        var y = (float[])x.Clone();
        compressor.Process(y, []);
        return [.. y.Select((v, n) => 20 * Math.Log10(v / x[n]))];
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(20.0)]
    public void The_attack_reaches_one_minus_one_over_e_of_the_reduction_after_the_attack_time(double attackMs)
    {
        int stepAt = 1000, frames = 1000 + 10 * (int)(attackMs * Rate / 1000);
        var gainDb = StepGainDb(attackMs, 1000, stepAt, frames, frames);
        double finalDb = gainDb[^1]; // −27 dB: (0 − (−30))·(1 − 1/10)
        Assert.Equal(-27, finalDb, 0.05);
        int reached = Array.FindIndex(gainDb, stepAt, g => g <= (1 - 1 / Math.E) * finalDb) - stepAt;
        double expected = attackMs / 1000 * Rate;
        Assert.InRange(reached, expected - 2, expected + 1);
    }

    [Fact]
    public void The_release_recovers_one_minus_one_over_e_of_the_reduction_after_about_the_release_time()
    {
        // The decoupled detector releases through y1 (τ_R) and then the attack smoother (τ_A) in series:
        // with τ_A = 1 ms ≪ τ_R = 100 ms the 1/e point lies within τ_R + τ_A.
        const double attackMs = 1, releaseMs = 100;
        int stepAt = 1000, stepBack = 1000 + Rate / 2, frames = stepBack + Rate;
        var gainDb = StepGainDb(attackMs, releaseMs, stepAt, stepBack, frames);
        double reduced = gainDb[stepBack - 1];
        int reached = Array.FindIndex(gainDb, stepBack, g => g >= reduced / Math.E) - stepBack;
        double releaseFrames = releaseMs / 1000 * Rate, attackFrames = attackMs / 1000 * Rate;
        Assert.InRange(reached, releaseFrames - 2, releaseFrames + attackFrames + 2);
    }

    [Fact]
    public void Stereo_is_linked_a_loud_left_turns_the_right_down_by_the_same_gain()
    {
        var compressor = Prepared(new CompressorSettings(-20, 4, 0, 1, 100));
        var left = Signals.Constant(Rate / 4, 1.0);
        var right = Signals.Constant(Rate / 4, 0.01);
        compressor.Process(left, right);
        double leftGainDb = 20 * Math.Log10(left[^1] / 1.0), rightGainDb = 20 * Math.Log10(right[^1] / 0.01);
        Assert.Equal(-15, leftGainDb, 0.01); // 0 dB in: −20 + 20/4 out
        Assert.Equal(leftGainDb, rightGainDb, 0.01);
    }

    [Fact]
    public void The_vectorised_path_and_the_sample_by_sample_path_agree()
    {
        // Blocks of 8k+3 frames run both the eight-wide loop and the scalar tail; the result must not depend on the split.
        var settings = new CompressorSettings(-24, 3, 6, 3, 80, 2);
        var whole = Prepared(settings);
        var split = Prepared(settings);
        var x = Signals.Hits(Rate, Rate, 0.9, 4);
        var a = (float[])x.Clone();
        var b = (float[])x.Clone();
        whole.Process(a, []);
        for (int start = 0; start < b.Length; start += 203) split.Process(b.AsSpan(start, Math.Min(203, b.Length - start)), []);
        for (int n = 0; n < a.Length; n++) Assert.Equal(a[n], b[n], 1e-6f);
    }

    [Fact]
    public void A_disabled_compressor_passes_the_signal_untouched()
    {
        var compressor = Prepared(CompressorSettings.Off);
        var x = Signals.Noise(3000, 5, 1.0);
        var y = (float[])x.Clone();
        compressor.Process(y, []);
        Assert.Equal(x, y);
    }

    [Theory]
    [InlineData(0.5, 10, 0, 5, 50, "ratio")]
    [InlineData(2, 10, -1, 5, 50, "knee")]
    [InlineData(2, 10, 0, 0, 50, "attack")]
    [InlineData(2, 10, 0, 5, -1, "release")]
    public void Bad_settings_are_refused_by_name(double ratio, double threshold, double knee, double attack, double release, string word)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Compressor(new CompressorSettings(-threshold, ratio, knee, attack, release)));
        Assert.Contains(word, e.Message);
    }
}

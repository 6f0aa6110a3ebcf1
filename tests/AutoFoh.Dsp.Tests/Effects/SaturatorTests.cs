using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class SaturatorTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(6.0, 0.5)]
    [InlineData(18.0, 1.0)]
    [InlineData(-6.0, 0.3)]
    public void Every_sample_follows_the_mixed_tanh_curve(double driveDb, double mix)
    {
        var saturator = new Saturator(new SaturationSettings(driveDb, mix));
        saturator.Prepare(48000, 256);
        // A ramp over ±1.5 (over full scale too), 1001 samples: the vector loop and its scalar tail both run.
        var x = Enumerable.Range(0, 1001).Select(n => (float)(-1.5 + 3.0 * n / 1000)).ToArray();
        var left = (float[])x.Clone();
        var right = x.Select(v => -v).ToArray();
        saturator.Process(left, right);
        double g = Math.Pow(10, driveDb / 20);
        for (int n = 0; n < x.Length; n++)
        {
            double expected = mix * Math.Tanh(g * x[n]) / Math.Tanh(g) + (1 - mix) * x[n];
            Assert.Equal(expected, left[n], 2e-6);
            Assert.Equal(-expected, right[n], 2e-6);
        }
    }

    [Fact]
    public void Full_scale_stays_full_scale_whatever_the_drive()
    {
        foreach (double driveDb in new[] { 0.0, 12, 24 })
            Assert.Equal(1.0, Saturator.Transfer(1.0, driveDb, 1.0), 12);
    }

    [Fact]
    public void A_mix_of_zero_is_a_bypass()
    {
        var saturator = new Saturator(new SaturationSettings(20, 0));
        saturator.Prepare(48000, 256);
        Assert.False(saturator.IsActive);
        var x = Signals.Noise(700, 9, 1.0);
        var y = (float[])x.Clone();
        saturator.Process(y, []);
        Assert.Equal(x, y);
    }

    [Fact]
    public void A_mix_outside_zero_to_one_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Saturator(new SaturationSettings(6, 1.5)));
        Assert.Contains("mix", e.Message);
    }
}

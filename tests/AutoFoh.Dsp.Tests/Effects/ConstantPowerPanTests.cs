using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class ConstantPowerPanTests
{
    [Fact]
    public void A_mono_source_keeps_its_power_at_every_position()
    {
        var x = Signals.Noise(512, 11);
        for (double pan = -1; pan <= 1.0001; pan += 0.125)
        {
            var panner = new ConstantPowerPan(Math.Min(pan, 1), 1);
            var left = new float[x.Length];
            var right = new float[x.Length];
            panner.MixInto(x, [], 1.0, left, right);
            double power = Math.Pow(Signals.Rms(left), 2) + Math.Pow(Signals.Rms(right), 2);
            Assert.Equal(Math.Pow(Signals.Rms(x), 2), power, 1e-6);
        }
    }

    [Fact]
    public void A_mono_source_in_the_centre_is_three_dB_down_each_side_and_hard_left_is_left_only()
    {
        var centre = ConstantPowerPan.Gains(0, 1);
        Assert.Equal(Math.Cos(Math.PI / 4), centre.Left, 12);
        Assert.Equal(Math.Cos(Math.PI / 4), centre.Right, 12);
        Assert.Equal(-3.0103, 20 * Math.Log10(centre.Left), 3);
        var left = ConstantPowerPan.Gains(-1, 1);
        Assert.Equal(1, left.Left, 12);
        Assert.Equal(0, left.Right, 12);
        var right = ConstantPowerPan.Gains(1, 1);
        Assert.Equal(0, right.Left, 12);
        Assert.Equal(1, right.Right, 12);
    }

    [Theory]
    [InlineData(0.0, 1.0, 1.0)]
    [InlineData(-1.0, 1.0, 0.0)]
    [InlineData(1.0, 0.0, 1.0)]
    public void A_stereo_source_is_balanced_unity_in_the_centre(double pan, double expectedLeft, double expectedRight)
    {
        var (l, r) = ConstantPowerPan.Gains(pan, 2);
        Assert.Equal(expectedLeft, l, 12);
        Assert.Equal(expectedRight, r, 12);
    }

    [Fact]
    public void A_stereo_source_panned_half_left_keeps_its_left_and_turns_the_right_down_by_root_two_sine()
    {
        double theta = (-0.5 + 1) * Math.PI / 4;
        var (l, r) = ConstantPowerPan.Gains(-0.5, 2);
        Assert.Equal(1, l, 12);
        Assert.Equal(Math.Sqrt(2) * Math.Sin(theta), r, 12);
    }

    [Fact]
    public void Mixing_adds_to_what_the_bus_holds()
    {
        var panner = new ConstantPowerPan(0.3, 2);
        var sourceLeft = Signals.Noise(100, 1);
        var sourceRight = Signals.Noise(100, 2);
        var busLeft = Signals.Noise(100, 3);
        var busRight = Signals.Noise(100, 4);
        var before = ((float[])busLeft.Clone(), (float[])busRight.Clone());
        panner.MixInto(sourceLeft, sourceRight, 0.5, busLeft, busRight);
        for (int n = 0; n < 100; n++)
        {
            Assert.Equal(before.Item1[n] + 0.5 * panner.LeftGain * sourceLeft[n], busLeft[n], 1e-6);
            Assert.Equal(before.Item2[n] + 0.5 * panner.RightGain * sourceRight[n], busRight[n], 1e-6);
        }
    }

    [Fact]
    public void A_pan_outside_minus_one_to_one_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantPowerPan(1.5, 1));
        Assert.Contains("1.5", e.Message);
    }
}

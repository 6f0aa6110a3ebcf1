using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Features;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class MidSideWidthTests
{
    private static double MsRatio(float[] left, float[] right)
    {
        var meter = new StereoWidthMeter(2);
        var interleaved = new float[2 * left.Length];
        for (int n = 0; n < left.Length; n++) { interleaved[2 * n] = left[n]; interleaved[2 * n + 1] = right[n]; }
        meter.Process(interleaved);
        return meter.MsRatio;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.3)]
    [InlineData(2.0)]
    public void The_ms_ratio_is_multiplied_by_the_width_and_the_mid_is_untouched(double width)
    {
        // Partly correlated stereo noise: a common part and an independent part on each side.
        var common = Signals.Noise(20001, 1, 0.4);
        var left = Signals.Noise(20001, 2, 0.2).Select((v, n) => v + common[n]).ToArray();
        var right = Signals.Noise(20001, 3, 0.2).Select((v, n) => v + common[n]).ToArray();
        double before = MsRatio(left, right);
        var l = (float[])left.Clone();
        var r = (float[])right.Clone();
        var unit = new MidSideWidth(width);
        unit.Prepare(48000, 4096);
        unit.Process(l, r);
        Assert.Equal(width * before, MsRatio(l, r), 1e-5);
        for (int n = 0; n < l.Length; n++) Assert.Equal((left[n] + right[n]) / 2, (l[n] + r[n]) / 2, 1e-6);
    }

    [Fact]
    public void Width_one_is_the_identity()
    {
        var left = Signals.Noise(100, 1);
        var right = Signals.Noise(100, 2);
        var l = (float[])left.Clone();
        var r = (float[])right.Clone();
        new MidSideWidth(1).Process(l, r);
        Assert.Equal(left, l);
        Assert.Equal(right, r);
    }
}

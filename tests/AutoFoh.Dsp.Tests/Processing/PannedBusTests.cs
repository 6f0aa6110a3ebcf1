using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class PannedBusTests
{
    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.3)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    public void A_stereo_bus_pans_by_the_constant_power_law(double pan)
    {
        var bus = new PannedBus(1, 2);
        bus.SetPan(0, (float)pan);
        float left = 0, right = 0;
        bus.Add(0, 1f, ref left, ref right);
        var (expectedLeft, expectedRight) = ConstantPowerPan.Gains(pan, 1);
        Assert.Equal(expectedLeft, left, 6);
        Assert.Equal(expectedRight, right, 6);
        Assert.Equal(1, left * left + right * right, 6);
    }

    [Fact]
    public void A_mono_bus_takes_every_channel_whole()
    {
        var bus = new PannedBus(2, 1);
        bus.SetPan(0, -1);
        bus.SetPan(1, 0.5f);
        float left = 0, right = 0;
        bus.Add(0, 0.25f, ref left, ref right);
        bus.Add(1, 0.5f, ref left, ref right);
        Assert.Equal(0.75f, left);
    }
}

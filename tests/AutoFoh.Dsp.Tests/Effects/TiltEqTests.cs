using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class TiltEqTests
{
    private const int Rate = 48000;

    private static double GainDb(TiltEqSettings settings, double frequencyHz)
    {
        var eq = new TiltEq(settings);
        eq.Prepare(Rate, 4096);
        return Signals.SteadyGainDb(x => eq.Process(x, (float[])x.Clone()), frequencyHz, Rate);
    }

    [Theory]
    [InlineData(4.0, 1000.0)]
    [InlineData(-6.0, 1500.0)]
    [InlineData(3.0, 700.0)]
    public void The_pivot_stays_at_zero_and_the_ends_go_to_plus_and_minus_half_the_tilt(double tiltDb, double pivotHz)
    {
        var settings = new TiltEqSettings(tiltDb, pivotHz);
        Assert.Equal(0, GainDb(settings, pivotHz), 0.02);
        Assert.Equal(-tiltDb / 2, GainDb(settings, 20), 0.1);
        Assert.Equal(tiltDb / 2, GainDb(settings, 23000), 0.1);
        // Monotone between: a positive tilt brightens.
        Assert.True(Math.Sign(tiltDb) * (GainDb(settings, pivotHz * 4) - GainDb(settings, pivotHz / 4)) > 0);
    }

    [Fact]
    public void The_extra_shelves_add_their_gains_at_the_ends()
    {
        var settings = new TiltEqSettings(0, 1000, LowShelfDb: 3, LowShelfHz: 120, HighShelfDb: -2, HighShelfHz: 9000);
        Assert.Equal(3, GainDb(settings, 15), 0.1);
        Assert.Equal(1.5, GainDb(settings, 120), 0.03);
        Assert.Equal(-1, GainDb(settings, 9000), 0.03);
        Assert.Equal(-2, GainDb(settings, 23500), 0.1);
    }

    [Fact]
    public void A_flat_tilt_eq_is_the_identity()
    {
        var eq = new TiltEq(new TiltEqSettings(0));
        eq.Prepare(Rate, 512);
        Assert.False(eq.IsActive);
        var x = Signals.Noise(1000, 1);
        var y = (float[])x.Clone();
        eq.Process(y, []);
        Assert.Equal(x, y);
    }
}

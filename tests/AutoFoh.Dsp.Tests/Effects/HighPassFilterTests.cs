using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class HighPassFilterTests
{
    private const int Rate = 44100;

    [Theory]
    [InlineData(40.0)]
    [InlineData(80.0)]
    [InlineData(250.0)]
    public void The_corner_is_three_dB_down(double cornerHz)
    {
        var hpf = new HighPassFilter(cornerHz);
        hpf.Prepare(Rate, 4096);
        Assert.Equal(-3.0103, Signals.SteadyGainDb(x => hpf.Process(x, []), cornerHz, Rate), 0.02);
    }

    [Theory]
    [InlineData(100.0)]
    public void It_follows_the_second_order_butterworth_magnitude(double cornerHz)
    {
        // |H|² = 1 / (1 + (fc/f)⁴) for the analog prototype; the bilinear warp is negligible this far below Nyquist.
        foreach (double f in new[] { 25.0, 50, 200, 1000, 5000 })
        {
            var hpf = new HighPassFilter(cornerHz);
            hpf.Prepare(Rate, 4096);
            double expected = -10 * Math.Log10(1 + Math.Pow(cornerHz / f, 4));
            Assert.Equal(expected, Signals.SteadyGainDb(x => hpf.Process(x, []), f, Rate), 0.05);
        }
    }

    [Fact]
    public void Both_channels_are_filtered_alike()
    {
        var hpf = new HighPassFilter(120);
        hpf.Prepare(Rate, 4096);
        var x = Signals.Noise(5000, 3);
        var left = (float[])x.Clone();
        var right = (float[])x.Clone();
        hpf.Process(left, right);
        Assert.Equal(left, right);
        Assert.NotEqual(x, left);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void A_corner_of_zero_or_less_is_off(double cornerHz)
    {
        var hpf = new HighPassFilter(cornerHz);
        hpf.Prepare(Rate, 4096);
        Assert.False(hpf.IsActive);
        var x = Signals.Noise(1000, 2);
        var y = (float[])x.Clone();
        hpf.Process(y, []);
        Assert.Equal(x, y);
    }

    [Fact]
    public void A_corner_over_nyquist_is_refused_with_its_value()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HighPassFilter(30000).Prepare(Rate, 64));
        Assert.Contains("30000", e.Message);
    }
}

using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Tests.Effects;

public sealed class ChannelStripTests
{
    private const int Rate = 48000;

    private static (float[] Left, float[] Right, float[] SendLeft, float[] SendRight) Run(StripParameters parameters, float[] left, float[]? right, int blockFrames = 4096)
    {
        var strip = new ChannelStrip(parameters, right is null ? 1 : 2);
        strip.Prepare(Rate, blockFrames);
        var mixLeft = new float[left.Length];
        var mixRight = new float[left.Length];
        var sendLeft = new float[left.Length];
        var sendRight = new float[left.Length];
        strip.Process(left, right ?? [], mixLeft, mixRight, sendLeft, sendRight);
        return (mixLeft, mixRight, sendLeft, sendRight);
    }

    [Fact]
    public void A_neutral_strip_on_a_mono_stem_is_the_centre_pan_law_only()
    {
        var x = Signals.Noise(3000, 1);
        var (l, r, sl, sr) = Run(StripParameters.Neutral("vocals"), x, null);
        for (int n = 0; n < x.Length; n++)
        {
            Assert.Equal(Math.Cos(Math.PI / 4) * x[n], l[n], 1e-7);
            Assert.Equal(Math.Cos(Math.PI / 4) * x[n], r[n], 1e-7);
        }
        Assert.All(sl, v => Assert.Equal(0f, v));
        Assert.All(sr, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_chain_runs_high_pass_eq_compressor_saturation_gain_pan_in_that_order()
    {
        var parameters = StripParameters.Neutral("guitar") with
        {
            HighPassHz = 90,
            Eq = [new EqBand(EqBandType.LowShelf, 200, -3), new EqBand(EqBandType.Peak, 1000, 4, 1.2), new EqBand(EqBandType.Peak, 3000, 0), new EqBand(EqBandType.HighShelf, 7000, 2)],
            Compressor = new CompressorSettings(-18, 3, 6, 5, 80, 2),
            Saturation = new SaturationSettings(6, 0.4),
            GainDb = -4,
            Pan = 0.3,
            ReverbSendDb = -10,
        };
        var left = Signals.Hits(Rate, Rate / 2, 0.8, 1);
        var right = Signals.Hits(Rate, Rate / 2, 0.6, 2);
        var (l, r, sl, sr) = Run(parameters, left, right, blockFrames: 1000);

        // The same units one after another, by hand.
        var a = (float[])left.Clone();
        var b = (float[])right.Clone();
        var hpf = new HighPassFilter(90); hpf.Prepare(Rate, 1000); hpf.Process(a, b);
        var eq = new ParametricEq(parameters.Eq); eq.Prepare(Rate, 1000); eq.Process(a, b);
        var comp = new Compressor(parameters.Compressor); comp.Prepare(Rate, 1000); comp.Process(a, b);
        var sat = new Saturator(parameters.Saturation); sat.Prepare(Rate, 1000); sat.Process(a, b);
        var (gl, gr) = ConstantPowerPan.Gains(0.3, 2);
        double gain = Math.Pow(10, -4 / 20.0), send = Math.Pow(10, -10 / 20.0);
        for (int n = 0; n < a.Length; n++)
        {
            Assert.Equal(gain * gl * a[n], l[n], 2e-5);
            Assert.Equal(gain * gr * b[n], r[n], 2e-5);
            Assert.Equal(send * l[n], sl[n], 1e-6); // post-fader, post-pan send
            Assert.Equal(send * r[n], sr[n], 1e-6);
        }
    }

    [Fact]
    public void The_gain_comes_after_the_compressor_so_it_does_not_change_how_hard_it_compresses()
    {
        var quiet = StripParameters.Neutral("bass") with { Compressor = new CompressorSettings(-20, 4, 0, 1, 50), GainDb = -12 };
        var loud = quiet with { GainDb = 0 };
        var x = Signals.Constant(Rate / 4, 0.5);
        var (lq, _, _, _) = Run(quiet, x, null);
        var (ll, _, _, _) = Run(loud, x, null);
        Assert.Equal(-12, 20 * Math.Log10(lq[^1] / ll[^1]), 1e-4);
    }

    [Fact]
    public void A_strip_adds_to_the_bus_it_is_given()
    {
        var strip = new ChannelStrip(StripParameters.Neutral("keys") with { Pan = -1 }, 1);
        strip.Prepare(Rate, 256);
        var x = Signals.Noise(256, 4);
        var busLeft = Signals.Noise(256, 5);
        var busRight = Signals.Noise(256, 6);
        var before = ((float[])busLeft.Clone(), (float[])busRight.Clone());
        strip.Process(x, [], busLeft, busRight, new float[256], new float[256]);
        for (int n = 0; n < 256; n++)
        {
            Assert.Equal(before.Item1[n] + x[n], busLeft[n], 1e-6);
            Assert.Equal(before.Item2[n], busRight[n], 1e-6);
        }
    }
}

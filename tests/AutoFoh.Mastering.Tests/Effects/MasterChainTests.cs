using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Tests.Effects;

public sealed class MasterChainTests
{
    [Fact]
    public void The_latency_is_the_limiters_and_a_quiet_signal_through_a_neutral_master_is_only_delayed()
    {
        var chain = new MasterChain(MasterParameters.Neutral);
        chain.Prepare(44100, 512);
        Assert.Equal(chain.Limiter.LatencyFrames, chain.LatencyFrames);
        var left = Signals.Noise(5000, 1, 0.3);
        var right = Signals.Noise(5000, 2, 0.3);
        var l = (float[])left.Clone();
        var r = (float[])right.Clone();
        for (int start = 0; start < 5000; start += 512)
        {
            int count = Math.Min(512, 5000 - start);
            chain.Process(l.AsSpan(start, count), r.AsSpan(start, count));
        }
        int latency = chain.LatencyFrames;
        for (int n = latency; n < 5000; n++)
        {
            Assert.Equal(left[n - latency], l[n]);
            Assert.Equal(right[n - latency], r[n]);
        }
    }

    [Fact]
    public void Every_unit_of_the_master_acts_in_order_and_the_result_stays_under_the_ceiling()
    {
        const int rate = 48000;
        var parameters = new MasterParameters(6, new CompressorSettings(-20, 2, 6, 10, 150, 0), new TiltEqSettings(2, 1000, 1, 80, -1, 12000), 1.3,
            new LimiterSettings(-1.0, 5, 80, 2));
        var left = Signals.Hits(rate, rate, 0.7, 1);
        var right = Signals.Hits(rate, rate, 0.5, 2);
        var chain = new MasterChain(parameters);
        chain.Prepare(rate, 4096);
        var l = left.Concat(new float[chain.LatencyFrames]).ToArray();
        var r = right.Concat(new float[chain.LatencyFrames]).ToArray();
        chain.Process(l, r);

        // By hand: gain, compressor, tilt, width, limiter (its own input gain inside).
        var a = left.Select(v => v * (float)Math.Pow(10, 6 / 20.0)).Concat(new float[chain.LatencyFrames]).ToArray();
        var b = right.Select(v => v * (float)Math.Pow(10, 6 / 20.0)).Concat(new float[chain.LatencyFrames]).ToArray();
        var comp = new Compressor(parameters.BusCompressor); comp.Prepare(rate, 4096); comp.Process(a, b);
        var tilt = new TiltEq(parameters.Eq); tilt.Prepare(rate, 4096); tilt.Process(a, b);
        var width = new MidSideWidth(1.3); width.Process(a, b);
        var limiter = new TruePeakLimiter(parameters.Limiter); limiter.Prepare(rate, 4096); limiter.Process(a, b);
        Assert.Equal(a, l);
        Assert.Equal(b, r);
        Assert.True(Signals.TruePeakDbtp(rate, l, r) <= -1.0);
    }
}

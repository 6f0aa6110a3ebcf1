using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Tests.Effects;

/// <summary>The prepare/process contract: after Prepare, Process allocates nothing (every unit active).</summary>
public sealed class AllocationTests
{
    private const int Rate = 48000, Block = 512;

    [Fact]
    public void A_channel_strip_with_every_unit_on_allocates_nothing_per_block()
    {
        var parameters = new StripParameters("guitar", 80,
            [new EqBand(EqBandType.LowShelf, 100, 2), new EqBand(EqBandType.Peak, 500, -3), new EqBand(EqBandType.Peak, 2500, 2), new EqBand(EqBandType.HighShelf, 8000, 1)],
            new CompressorSettings(-30, 4, 6, 5, 100, 2), new SaturationSettings(6, 0.5), -3, 0.4, -12);
        foreach (int channels in new[] { 1, 2 })
        {
            var strip = new ChannelStrip(parameters, channels);
            strip.Prepare(Rate, Block);
            var left = Signals.Noise(Block, 1, 0.8);
            var right = Signals.Noise(Block, 2, 0.8);
            var mix = new float[2][] { new float[Block], new float[Block] };
            var send = new float[2][] { new float[Block], new float[Block] };
            Assert.Equal(0, SteadyStateAllocations.PerRound(() => strip.Process(left, channels == 2 ? right : [], mix[0], mix[1], send[0], send[1])));
        }
    }

    [Fact]
    public void The_reverb_and_the_master_chain_allocate_nothing_per_block()
    {
        var reverb = new Freeverb(ReverbSettings.Default);
        reverb.Prepare(Rate, Block);
        var master = new MasterChain(new MasterParameters(6, new CompressorSettings(-20, 2, 6, 10, 100), new TiltEqSettings(2, 1000, 1, 80, -1, 12000), 1.3, new LimiterSettings()));
        master.Prepare(Rate, Block);
        var left = Signals.Noise(Block, 3, 0.9);
        var right = Signals.Noise(Block, 4, 0.9);
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => reverb.Process(left, right)));
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => master.Process(left, right)));
    }
}

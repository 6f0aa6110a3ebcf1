using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Dsp.Tests.Transforms;

public sealed class MidSideStftTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(1536, 2)]
    [InlineData(1537, 3)]
    public void Frames_cover_every_sample_with_50_percent_overlap(int samples, int frames) =>
        Assert.Equal(frames, new MidSideStft(1024).FrameCount(samples));

    [Fact]
    public void A_centred_signal_has_no_side_and_an_opposite_one_no_mid()
    {
        var stft = new MidSideStft(1024);
        var x = Signals.Sine(1000, 0.5, 48000, 1024);
        var inverted = x.Select(v => -v).ToArray();
        stft.Analyse(x, x, 0);
        Assert.True(stft.Mid.ToArray().Max(c => c.Magnitude) > 10);
        Assert.All(stft.Side.ToArray(), c => Assert.Equal(0, c.Magnitude));
        stft.Analyse(x, inverted, 0);
        Assert.All(stft.Mid.ToArray(), c => Assert.Equal(0, c.Magnitude));
    }
}

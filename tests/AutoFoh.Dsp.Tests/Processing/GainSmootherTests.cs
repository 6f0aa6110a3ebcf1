using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class GainSmootherTests
{
    [Fact]
    public void The_gain_moves_no_faster_than_the_slew_limit_and_then_holds_its_target()
    {
        var smoother = new GainSmoother(1, 1000, slewDbPerSecond: 60);
        float first = smoother.Next(0, 2f);   // +6 dB asked: 0.06 dB a sample at most
        Assert.Equal(0.06, 20 * Math.Log10(first), 4);
        float g = first;
        for (int n = 0; n < 200; n++) g = smoother.Next(0, 2f);
        Assert.Equal(2f, g);
    }

    [Fact]
    public void A_mute_bypasses_the_slew_limit_and_ends_at_exactly_zero_within_100_ms()
    {
        var smoother = new GainSmoother(1, 48000, slewDbPerSecond: 60);
        smoother.SetMuted(0, true);
        float g = 1;
        for (int n = 0; n < 4800; n++) g = smoother.Next(0, 1f);
        Assert.Equal(0f, g);
        Assert.Equal(1f, smoother.Gain(0));
    }

    [Fact]
    public void A_feedback_pull_down_reaches_its_target_within_milliseconds()
    {
        var smoother = new GainSmoother(1, 48000, slewDbPerSecond: 60);
        smoother.SetFeedbackTarget(0, 0.5f);
        for (int n = 0; n < 48 * 30; n++) smoother.Next(0, 1f);   // 30 ms: six time constants
        Assert.Equal(0.5, smoother.Applied(0), 2);
    }
}

using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Filters;
using AutoFoh.Lab.Feedback;

namespace AutoFoh.LiveMix.Tests;

/// <summary>The feedback lab's closed loop obeys Nyquist: under its gain margin a kick dies away, over it the loop rings up.</summary>
public sealed class AcousticLoopTests
{
    private const int Rate = 48000, Block = 128;

    private sealed class Wire : IChannelUnderTest
    {
        public IReadOnlyList<(double TimeSeconds, FeedbackGuardEvent Event)> Events => [];
        public void Process(ReadOnlySpan<float> microphone, Span<float> output) => microphone.CopyTo(output);
    }

    /// <summary>A direct path of 0.5 at 300 samples and a reflection of 0.2 at 700: |G| peaks at 0.7 where both arrive in phase.</summary>
    private static AcousticLoop Loop()
    {
        var response = new float[1000];
        response[300] = 0.5f;
        response[700] = 0.2f;
        return new AcousticLoop(response, [BiquadCoefficients.Identity], Rate, Block);
    }

    [Fact]
    public void The_gain_margin_is_the_largest_loop_magnitude_where_the_phase_is_a_whole_number_of_turns()
    {
        var (magnitude, hz) = Loop().PhaseCrossoverPeak();
        Assert.Equal(0.7, magnitude, 2);
        // Both arrivals are in phase every 480 Hz (a turn per 100 samples).
        Assert.InRange(hz / 480 - Math.Round(hz / 480), -0.01, 0.01);
        Assert.True(hz >= 470);
    }

    [Theory]
    [InlineData(-1.0, false)]
    [InlineData(1.0, true)]
    public void A_kick_dies_under_the_margin_and_rings_up_over_it(double overMarginDb, bool grows)
    {
        var loop = Loop();
        double gain = Math.Pow(10, overMarginDb / 20) / loop.PhaseCrossoverPeak().Magnitude;
        var channel = new Wire();
        var block = new float[Block];
        var output = new float[Block];
        double early = 0, late = 0;
        for (int b = 0; b < 3 * Rate / Block; b++)
        {
            var incoming = loop.Incoming;
            for (int i = 0; i < Block; i++) block[i] = incoming[i] + (b == 0 && i == 0 ? 1f : 0f);
            channel.Process(block, output);
            double energy = output.Sum(v => (double)v * v);
            if (b * Block < Rate / 2) early += energy;
            else if (b * Block >= 5 * Rate / 2) late += energy;
            for (int i = 0; i < Block; i++) output[i] = (float)(output[i] * gain);
            loop.Play(output);
        }
        Assert.Equal(grows, late > early);
    }
}

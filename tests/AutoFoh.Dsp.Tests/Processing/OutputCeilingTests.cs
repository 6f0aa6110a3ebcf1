using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class OutputCeilingTests
{
    private const int Rate = 48000;

    private static void Run(OutputCeiling ceiling, float[] left, float[] right, int block = 128)
    {
        for (int start = 0; start < left.Length; start += block)
        {
            int count = Math.Min(block, left.Length - start);
            ceiling.Process(left.AsSpan(start, count), right.Length == 0 ? Span<float>.Empty : right.AsSpan(start, count));
        }
    }

    [Fact]
    public void A_mix_26_dB_over_full_scale_never_passes_the_ceiling_and_the_channels_share_one_gain()
    {
        var left = Signals.Sine(440, 20, Rate, Rate);          // +26 dBFS
        var right = Signals.Sine(440, 10, Rate, Rate, 0.3);    // +20 dBFS
        var ratioBefore = left.Zip(right, (l, r) => (l, r)).ToArray();
        var ceiling = new OutputCeiling(Rate);
        Run(ceiling, left, right);
        float limit = (float)Math.Pow(10, -1 / 20.0);
        Assert.Equal(limit, ceiling.Ceiling);
        Assert.All(left.Concat(right), v => Assert.True(Math.Abs(v) <= limit, $"{v}"));
        Assert.True(Signals.PeakDb(left) > -1.01, "the ceiling holds the mix at the ceiling, not below it");
        // Linked: where both are clear of zero, the left/right ratio is the input's.
        for (int n = 0; n < left.Length; n += 97)
            if (Math.Abs(ratioBefore[n].r) > 1 && Math.Abs(right[n]) > 1e-3)
                Assert.Equal(ratioBefore[n].l / ratioBefore[n].r, left[n] / right[n], 3);
    }

    [Fact]
    public void A_1e30_sample_infinity_and_NaN_come_out_within_the_ceiling_and_the_gain_recovers()
    {
        var left = Signals.Sine(1000, 0.5, Rate, Rate);
        var right = Signals.Sine(1000, 0.5, Rate, Rate);
        left[1000] = 1e30f;
        right[2000] = float.PositiveInfinity;
        left[3000] = float.NaN;
        right[3001] = -1e30f;
        var ceiling = new OutputCeiling(Rate, -3);
        Run(ceiling, left, right);
        float limit = (float)Math.Pow(10, -3 / 20.0);
        Assert.All(left.Concat(right), v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= limit, $"{v}"));
        Assert.Equal(0, left[3000]);
        // 0.5 is under the ceiling: once the release (80 ms) is over, the sine passes untouched.
        var clean = Signals.Sine(1000, 0.5, Rate, Rate);
        for (int n = 4 * Rate / 5; n < Rate; n++) Assert.Equal(clean[n], left[n], 1e-4f);
        Assert.True(ceiling.LowestGain > 0.999f);
    }

    [Fact]
    public void Under_the_ceiling_nothing_changes_bit_for_bit_in_mono_too()
    {
        var x = Signals.Noise(Rate, 4, 0.8);
        var y = (float[])x.Clone();
        var ceiling = new OutputCeiling(Rate);
        Run(ceiling, y, []);
        Assert.Equal(x, y);
        Assert.Equal(1f, ceiling.LowestGain);
    }

    [Fact]
    public void A_ceiling_outside_minus_60_to_0_dBFS_is_refused_naming_it()
    {
        Assert.Contains("3 dBFS", Assert.Throws<ArgumentOutOfRangeException>(() => new OutputCeiling(Rate, 3)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new OutputCeiling(Rate, double.NaN)).Message);
    }

    [Fact]
    public void The_audio_thread_allocates_nothing()
    {
        var ceiling = new OutputCeiling(Rate);
        var left = Signals.Noise(128, 1, 3);
        var right = Signals.Noise(128, 2, 3);
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => ceiling.Process(left, right)));
    }
}

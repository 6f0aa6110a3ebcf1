using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class InputGuardTests
{
    [Fact]
    public void Samples_that_are_not_numbers_become_silence_and_are_counted()
    {
        var guard = new InputGuard(2, 48000, replaceNonFinite: true);
        float[][] x = [[0.5f, float.NaN, -0.25f, float.PositiveInfinity], [0.1f, 0.2f, float.NegativeInfinity, 0]];
        Assert.Equal(3, guard.Process(x, 4));
        Assert.Equal([0.5f, 0, -0.25f, 0], x[0]);
        Assert.Equal([0.1f, 0.2f, 0, 0], x[1]);
        Assert.Equal(20 * MathF.Log10(0.5f), guard.PeakDbfs(0));
    }

    [Fact]
    public void Finite_samples_past_plus_60_dBFS_are_bad_too_and_26_dB_over_full_scale_is_not()
    {
        var guard = new InputGuard(1, 48000, replaceNonFinite: true);
        float[][] x = [[1e30f, 20f, -999f, -1001f, 3.4e38f, 0.5f]];
        Assert.Equal(3, guard.Process(x, 6));
        Assert.Equal([0, 20f, -999f, 0, 0, 0.5f], x[0]);
        Assert.Equal(20 * MathF.Log10(999f), guard.PeakDbfs(0), 4);
    }

    [Fact]
    public void Without_replacing_a_bad_sample_is_counted_left_and_skipped_by_the_meter()
    {
        var guard = new InputGuard(1, 48000, replaceNonFinite: false);
        float[][] x = [[0.25f, float.NaN]];
        Assert.Equal(1, guard.Process(x, 2));
        Assert.True(float.IsNaN(x[0][1]));
        Assert.Equal(20 * MathF.Log10(0.25f), guard.PeakDbfs(0));
    }

    [Fact]
    public void The_meter_falls_12_dB_a_second_and_bottoms_at_minus_120()
    {
        var guard = new InputGuard(1, 1000, replaceNonFinite: true);
        guard.Process([[1f]], 1);
        float[][] silence = [new float[1000]];
        guard.Process(silence, 1000);
        Assert.Equal(-12, guard.PeakDbfs(0), 3);
        Assert.Equal(-120, new InputGuard(1, 1000, true).PeakDbfs(0));
    }
}

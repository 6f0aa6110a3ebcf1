using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class FreeverbTests
{
    private const int Rate = 44100;

    private static (float[] Left, float[] Right) ImpulseResponse(ReverbSettings settings, int frames, int blockFrames = 1024)
    {
        var reverb = new Freeverb(settings);
        reverb.Prepare(Rate, blockFrames);
        var left = new float[frames];
        var right = new float[frames];
        left[0] = right[0] = 1;
        for (int start = 0; start < frames; start += blockFrames)
        {
            int count = Math.Min(blockFrames, frames - start);
            reverb.Process(left.AsSpan(start, count), right.AsSpan(start, count));
        }
        return (left, right);
    }

    [Fact]
    public void The_output_is_wet_only_nothing_arrives_before_the_shortest_comb()
    {
        var (left, right) = ImpulseResponse(new ReverbSettings(0.7, 0.5, 1.0, 0, PreDelayMs: 0), 4 * Rate / 10);
        int shortest = Freeverb.CombTuningsSamples.Min();
        Assert.All(left[..shortest], v => Assert.Equal(0f, v));
        Assert.All(right[..shortest], v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, left[shortest]);
        // (L + R)·0.015 from the shortest comb alone, through four all-passes that each flip its sign (output = delayed − input, delayed still 0).
        Assert.Equal(Freeverb.FixedGain * 2, left[shortest], 1e-6);
    }

    [Fact]
    public void The_pre_delay_shifts_the_whole_response()
    {
        const double preDelayMs = 20;
        var (plain, _) = ImpulseResponse(new ReverbSettings(0.5, 0.3, 1.0, 0, 0), Rate / 2);
        var (delayed, _) = ImpulseResponse(new ReverbSettings(0.5, 0.3, 1.0, 0, preDelayMs), Rate / 2);
        int shift = (int)Math.Round(preDelayMs / 1000 * Rate);
        Assert.All(delayed[..shift], v => Assert.Equal(0f, v));
        for (int n = shift; n < delayed.Length; n++) Assert.Equal(plain[n - shift], delayed[n]);
    }

    [Fact]
    public void The_tail_is_finite_and_decays_faster_in_a_smaller_room()
    {
        static double[] WindowRms(float[] x, int windows) => [.. Enumerable.Range(0, windows).Select(w => Signals.Rms(x.AsSpan(w * x.Length / windows, x.Length / windows)))];
        var (large, _) = ImpulseResponse(new ReverbSettings(0.9, 0.3, 1.0, 0), 3 * Rate);
        var (small, _) = ImpulseResponse(new ReverbSettings(0.2, 0.3, 1.0, 0), 3 * Rate);
        Assert.All(large, v => Assert.True(float.IsFinite(v)));
        var l = WindowRms(large, 6);
        var s = WindowRms(small, 6);
        for (int w = 1; w < 6; w++) Assert.True(l[w] < l[w - 1], $"large room: window {w} RMS {l[w]:E2} not under {l[w - 1]:E2}");
        Assert.True(s[3] < l[3] / 10, $"half-way through, the small room ({s[3]:E2}) should be far quieter than the large ({l[3]:E2})");
    }

    [Fact]
    public void Silence_in_gives_silence_out()
    {
        var reverb = new Freeverb(ReverbSettings.Default);
        reverb.Prepare(Rate, 512);
        var left = new float[Rate / 4];
        var right = new float[Rate / 4];
        reverb.Process(left, right);
        Assert.All(left, v => Assert.Equal(0f, v));
        Assert.All(right, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_tail_rings_out_and_then_the_reverb_is_silent_again()
    {
        var (left, _) = ImpulseResponse(new ReverbSettings(0.5, 0.5, 1.0, 0), 60 * Rate, blockFrames: 4096);
        Assert.All(left[^Rate..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Width_zero_gives_the_same_wet_signal_on_both_sides_and_width_one_keeps_them_apart()
    {
        var (monoLeft, monoRight) = ImpulseResponse(new ReverbSettings(0.7, 0.5, 0.0, 0), Rate / 2);
        Assert.Equal(monoLeft, monoRight);
        var (wideLeft, wideRight) = ImpulseResponse(new ReverbSettings(0.7, 0.5, 1.0, 0), Rate / 2);
        Assert.NotEqual(wideLeft, wideRight);
    }

    [Fact]
    public void The_return_level_scales_the_wet_signal()
    {
        var (unity, _) = ImpulseResponse(new ReverbSettings(0.7, 0.5, 1.0, 0), Rate / 2);
        var (down, _) = ImpulseResponse(new ReverbSettings(0.7, 0.5, 1.0, -12), Rate / 2);
        Assert.Equal(-12, 20 * Math.Log10(Signals.Rms(down) / Signals.Rms(unity)), 0.001);
    }

    [Fact]
    public void The_delays_scale_with_the_sample_rate()
    {
        var reverb = new Freeverb(new ReverbSettings(0.7, 0.5, 1.0, 0, 0));
        reverb.Prepare(2 * Rate, 512);
        var left = new float[4000];
        var right = new float[4000];
        left[0] = 1;
        reverb.Process(left, right);
        int first = Array.FindIndex(left, v => v != 0);
        Assert.Equal(2 * Freeverb.CombTuningsSamples.Min(), first);
    }
}

using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class DcBlockerTests
{
    private static void Run(DcBlocker blocker, float[][] channels, int block = 128)
    {
        var chunk = channels.Select(_ => new float[block]).ToArray();
        for (int start = 0; start < channels[0].Length; start += block)
        {
            int count = Math.Min(block, channels[0].Length - start);
            for (int c = 0; c < channels.Length; c++) channels[c].AsSpan(start, count).CopyTo(chunk[c]);
            blocker.Process(chunk, count);
            for (int c = 0; c < channels.Length; c++) chunk[c].AsSpan(0, count).CopyTo(channels[c].AsSpan(start));
        }
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public void An_offset_of_0_9_is_gone_and_a_bass_s_low_E_is_untouched(int rate)
    {
        // Six channels: four run together, two alone; each its own signal, two of them a constant (DC) alone.
        var channels = Enumerable.Range(0, 6).Select(c => Signals.Sine(41.2 * (c + 1), 0.3, rate, 5 * rate)).ToArray();
        channels[1] = Signals.Constant(5 * rate, 0.9);
        channels[5] = Signals.Constant(5 * rate, -0.9);
        var reference = channels.Select(x => (float[])x.Clone()).ToArray();
        var blocker = new DcBlocker(6, rate);
        Run(blocker, channels);
        foreach (int c in new[] { 1, 5 })
        {
            // The step's response rings once below zero and integrates to nothing: even the whole signal's mean is near 0.
            Assert.True(Math.Abs(channels[c].Average()) < 1e-3, $"channel {c}: mean {channels[c].Average()} over the whole signal");
            Assert.True(Signals.PeakDb(channels[c].AsSpan(rate / 2)) < -80, $"channel {c}: {Signals.PeakDb(channels[c].AsSpan(rate / 2)):0.0} dB left after half a second");
        }
        // 41.2 Hz (the bass's E), steady: within 0.05 dB of the input.
        double loss = 20 * Math.Log10(Signals.Rms(channels[0].AsSpan(2 * rate)) / Signals.Rms(reference[0].AsSpan(2 * rate)));
        Assert.InRange(loss, -0.05, 0.01);
        Assert.InRange(20 * Math.Log10(blocker.Coefficients.Magnitude(41.2, rate)), -0.05, 0);
        Assert.InRange(20 * Math.Log10(blocker.Coefficients.Magnitude(1, rate)), -200, -38);
    }

    [Fact]
    public void The_audio_thread_allocates_nothing()
    {
        var blocker = new DcBlocker(7, 48000);
        var block = Enumerable.Range(0, 7).Select(c => Signals.Noise(128, c)).ToArray();
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => blocker.Process(block, 128)));
    }
}

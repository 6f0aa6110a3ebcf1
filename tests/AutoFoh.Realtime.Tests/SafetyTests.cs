using System.Diagnostics;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.Realtime.Tests;

/// <summary>The engine's stage safety through the file backend: DC blocker, output ceiling, absurd input, notches, the event log.</summary>
public class SafetyTests
{
    private const int Rate = 48000, Block = 128;
    private static readonly float Ceiling = (float)Math.Pow(10, -1 / 20.0);

    [Fact]
    public void A_DC_offset_of_0_9_on_one_input_leaves_no_DC_in_the_mix()
    {
        var channels = EngineTests.Music(3, 4, 31);
        for (int n = 0; n < channels[1].Length; n++) channels[1][n] += 0.9f;
        using var engine = EngineTests.Engine(3, () => new UnityMixer(), outputs: 2);
        var (outputs, _) = FileBackend.Run(engine, channels);
        foreach (var output in outputs) Assert.True(Math.Abs(output.Average()) < 1e-3, $"the mix's mean is {output.Average()}");
        Assert.True(engine.Status.OutputDc < 1e-3, $"reported DC {engine.Status.OutputDc}");
        // Without the blocker the offset goes through (panned to the middle: 0.9 × 0.707), so the test has teeth.
        using var open = EngineTests.Engine(3, () => new UnityMixer(), new SafetySettings { DcBlocker = false }, outputs: 2);
        Assert.Equal(0.9 * Math.Sqrt(0.5), FileBackend.Run(open, channels).Outputs[0].Average(), 0.01);
        Assert.Equal(0.9 * Math.Sqrt(0.5), open.Status.OutputDc, 0.01);
    }

    [Fact]
    public void With_the_DC_blocker_an_impulse_still_comes_out_on_its_own_sample()
    {
        var channels = Enumerable.Range(0, 2).Select(_ => new float[Rate]).ToArray();
        channels[0][10_007] = 0.5f;
        using var engine = EngineTests.Engine(2, () => new UnityMixer());
        var output = FileBackend.Run(engine, channels).Outputs[0];
        Assert.Equal(10_007, Array.IndexOf(output, output.MaxBy(Math.Abs)));
        Assert.Equal(0.5f, output[10_007], 3);
        Assert.All(output.Take(10_007), v => Assert.Equal(0f, v));   // nothing before it: zero added latency
        Assert.All(output.Skip(10_008), v => Assert.True(Math.Abs(v) < 1e-3, $"{v}"));   // the high-pass's tail only
    }

    [Fact]
    public void A_mix_26_dB_over_full_scale_and_a_1e30_sample_never_pass_the_ceiling_and_poison_nothing()
    {
        var channels = EngineTests.Music(3, 3, 32);
        float peak = channels.Max(c => c.Max(Math.Abs));
        foreach (var x in channels) for (int n = 0; n < x.Length; n++) x[n] *= 20 / peak;   // peaks at +26 dBFS
        channels[0][Rate] = 1e30f;
        channels[2][Rate + 100] = -3e38f;
        using var engine = EngineTests.Engine(3, () => new DuganMixer(), outputs: 2);
        var (outputs, gains) = FileBackend.Run(engine, channels);
        Assert.All(outputs.SelectMany(o => o), v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= Ceiling, $"{v}"));
        Assert.InRange(engine.Status.OutputPeakDbfs, -1.05, -0.999);
        Assert.Equal(2, engine.Status.BadSamplesReplaced);
        // Nothing downstream was poisoned: every gain stays a number and the mix goes on after the bad samples.
        Assert.All(gains.SelectMany(g => g), g => Assert.True(float.IsFinite(g)));
        Assert.True(Signals.Rms(outputs[0].AsSpan(2 * Rate)) > 0.1);
        Assert.False(engine.Status.ModelFailed);
    }

    [Fact]
    public void With_the_guard_off_a_1e30_sample_still_comes_out_under_a_minus_6_dBFS_ceiling()
    {
        var channels = EngineTests.Music(2, 1, 33);
        channels[1][Rate / 2] = 1e30f;
        var safety = new SafetySettings { NanGuard = false, OutputCeilingDbfs = -6 };
        using var engine = EngineTests.Engine(2, () => new UnityMixer(), safety, outputs: 2);
        var (outputs, _) = FileBackend.Run(engine, channels);
        float ceiling = (float)Math.Pow(10, -6 / 20.0);
        Assert.All(outputs.SelectMany(o => o), v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= ceiling, $"{v}"));
        Assert.Equal(1, engine.Status.BadSamplesReplaced);   // counted, not replaced
    }

    [Fact]
    public void A_notch_set_from_another_thread_cuts_its_channel_at_its_frequency_and_is_reported()
    {
        var tone = Signals.Sine(2500, 0.2, Rate, 2 * Rate);
        var channels = new[] { tone, (float[])tone.Clone() };
        using var engine = EngineTests.Engine(2, () => new UnityMixer(), outputs: 2);
        engine.Controls.SetPan(0, -1);   // channel 1 left, channel 2 right
        engine.Controls.SetPan(1, 1);
        engine.Notches.Set(0, 3, 2500, -20);
        var (outputs, _) = FileBackend.Run(engine, channels);
        double left = Signals.Rms(outputs[0].AsSpan(Rate)), right = Signals.Rms(outputs[1].AsSpan(Rate));
        Assert.Equal(-20, 20 * Math.Log10(left / right), 0.3);
        Assert.Equal(1, engine.Notches.ActiveCount(0));
        Assert.Equal(0, engine.Notches.ActiveCount(1));
        Assert.Equal(2500, engine.Notches.AppliedFrequencyHz(0, 3));
        Assert.Equal(-20, engine.Notches.AppliedDepthDb(0, 3), 4);
    }

    [Fact]
    public void A_model_that_throws_is_a_fallback_event_with_its_time_and_reason()
    {
        var channels = EngineTests.Music(3, 1, 5);
        using var engine = EngineTests.Engine(3, () => new EngineTests.FixedMixer([0, 0, 0], throwAfter: Rate / 4));
        FileBackend.Run(engine, channels);
        var fallback = Assert.Single(engine.Events.Snapshot(), e => e.Kind == EngineEventKind.Fallback);
        Assert.Null(fallback.Channel);
        Assert.InRange(fallback.TimeSeconds, 0.25, 0.26);   // the worker block that threw
        Assert.Contains("model exploded", fallback.Action);
        Assert.Contains("Dugan", fallback.Action);
        Assert.Equal(1, engine.Events.Count(EngineEventKind.Fallback));
    }

    [Fact]
    public void A_model_that_stalls_is_a_late_fallback_event_and_its_return_a_recovery_event()
    {
        var channels = EngineTests.Music(3, 3, 6);
        using var release = new ManualResetEventSlim();
        using var engine = EngineTests.Engine(3, () => new EngineTests.FixedMixer([-6, -6, -6], throwAfter: Rate / 4, stall: true, release: release), offline: false);
        engine.Start();
        var output = new float[Block];
        var clock = Stopwatch.StartNew();
        for (int start = 0; start + Block <= channels[0].Length; start += Block)
        {
            if (start >= 3 * Rate / 2) release.Set();   // the model comes back after 1.5 s
            for (int c = 0; c < 3; c++) channels[c].AsSpan(start, Block).CopyTo(engine.Input(c));
            engine.Process(Block, output, Span<float>.Empty);
            // Real time: no faster than the clock, so the worker's decisions land as on a sound card.
            double aheadMs = (start + Block) * 1000.0 / Rate - clock.Elapsed.TotalMilliseconds;
            if (aheadMs > 1) Thread.Sleep((int)aheadMs);
        }
        Assert.False(engine.Status.FallbackActive, "the model did not come back");
        var events = engine.Events.Snapshot();
        var fallback = events.First(e => e.Kind == EngineEventKind.Fallback);
        var recovery = events.Last(e => e.Kind == EngineEventKind.Recovery);
        // Stalled from 0.25 s, its last decision for ~0.30 s: Dugan past the 500 ms late limit, before 1.5 s.
        Assert.InRange(fallback.TimeSeconds, 0.7, 1.0);
        Assert.Contains("500 ms late", fallback.Action);
        Assert.Contains("Dugan", fallback.Action);
        Assert.InRange(recovery.TimeSeconds, 1.5, 2.9);
        Assert.Contains("on time again", recovery.Action);
        Assert.Equal(recovery, engine.Events.Latest(1).Single());
    }

    [Fact]
    public void A_feedback_notch_is_an_event_with_its_channel_frequency_and_depth()
    {
        var channels = EngineTests.Music(3, 2, 7);
        for (int n = Rate; n < channels[1].Length; n++)
        {
            double t = (n - Rate) / (double)Rate;
            channels[1][n] += (float)(Math.Pow(10, Math.Min(-50 + 60 * t, -10) / 20) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * 2700 * t));
        }
        using var engine = EngineTests.Engine(3, () => new UnityMixer());
        FileBackend.Run(engine, channels);
        var first = engine.Events.Snapshot().First(e => e.Kind == EngineEventKind.Feedback);
        Assert.Equal(1, first.Channel);
        Assert.Equal(EngineEvent.Notch, first.Action);
        Assert.InRange(first.FrequencyHz!.Value, 2670, 2730);
        Assert.Equal(-12, first.DepthDb!.Value, 3);
        Assert.InRange(first.TimeSeconds, 1.1, 1.6);
        Assert.Equal($"{first.TimeSeconds:0.000} s: feedback on channel 2 at {first.FrequencyHz:0} Hz: notch -12 dB", first.Describe());
    }

    [Fact]
    public void The_event_log_keeps_the_newest_events_and_counts_them_all()
    {
        var log = new EngineEventLog(capacity: 3);
        for (int i = 1; i <= 5; i++) log.Add(new EngineEvent(i, 0, EngineEventKind.Feedback, 1000, EngineEvent.Deepen, -3 * i));
        log.Add(new EngineEvent(6, null, EngineEventKind.Fallback, null, "late", null));
        Assert.Equal([4.0, 5, 6], log.Snapshot().Select(e => e.TimeSeconds));
        Assert.Equal([6.0, 5], log.Latest(2).Select(e => e.TimeSeconds));
        Assert.Equal([5.0, 4], log.Latest(5, EngineEventKind.Feedback).Select(e => e.TimeSeconds));
        Assert.Equal(5, log.Count(EngineEventKind.Feedback));
        Assert.Equal(6, log.Total);
    }

    [Fact]
    public void A_ceiling_outside_minus_60_to_0_dBFS_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EngineTests.Engine(1, () => new UnityMixer(), new SafetySettings { OutputCeilingDbfs = 2 }));
        Assert.Contains("output ceiling 2 dBFS", error.Message);
    }
}

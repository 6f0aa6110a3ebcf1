using AutoFoh.Dsp.Feedback;

namespace AutoFoh.Dsp.Tests.Feedback;

public sealed class FeedbackGuardTests
{
    private const int Rate = 48000;

    /// <summary>Noise plus sines, each (Hz, onset s, growth dB/s, top dB) growing from −75 dB to its top, then holding; until <paramref name="seconds"/>.</summary>
    private static float[] Howls(double seconds, params (double Hz, double Onset, double Growth, double Top)[] tones)
    {
        int n = (int)(seconds * Rate);
        var x = Signals.Noise(n, 4, 0.02);
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)Rate;
            foreach (var (hz, onset, growth, top) in tones)
                if (t >= onset) x[i] += (float)(Math.Pow(10, Math.Min(-75 + growth * (t - onset), top) / 20) * Math.Sin(2 * Math.PI * hz * t));
        }
        return x;
    }

    private static List<FeedbackGuardEvent> Run(FeedbackGuard guard, float[] x)
    {
        var events = new List<FeedbackGuardEvent>();
        for (int at = 0; at < x.Length; at += 256)
        {
            guard.Hear(x.AsSpan(at, Math.Min(256, x.Length - at)));
            while (guard.TryTakeEvent(out var e)) events.Add(e);
        }
        return events;
    }

    [Fact]
    public void A_howl_gets_a_notch_first_deepened_while_it_grows_and_the_channel_only_once_the_notch_is_at_its_deepest()
    {
        var settings = new FeedbackGuardSettings();
        var guard = new FeedbackGuard(Rate, settings);
        // Open loop: the tone keeps growing in the input whatever the notch does, so the guard must escalate.
        var events = Run(guard, Howls(4, (1500, 0.5, 60, -20)));
        var notch = events[0];
        Assert.Equal(FeedbackAction.Notch, notch.Action);
        Assert.InRange(notch.FrequencyHz, 1490, 1510);
        Assert.Equal(settings.FirstDepthDb, notch.DepthDb);
        Assert.Contains(events, e => e.Action == FeedbackAction.Deepen && e.DepthDb < notch.DepthDb);
        long deepest = events.First(e => e.Action == FeedbackAction.Deepen && e.DepthDb <= settings.DeepestDb).Sample;
        Assert.All(events.Where(e => e.Action == FeedbackAction.PullDown), e => Assert.True(e.Sample > deepest));
        Assert.Equal(1, guard.ActiveNotches);
    }

    [Fact]
    public void When_the_notches_run_out_the_channel_is_pulled_down()
    {
        var guard = new FeedbackGuard(Rate, new FeedbackGuardSettings { NotchesBeforePullDown = 2, MaxPullDownDb = 96 });
        var events = Run(guard, Howls(6, (700, 0.3, 60, -20), (1900, 1.3, 60, -20), (3300, 2.3, 60, -20)));
        var notches = events.Where(e => e.Action == FeedbackAction.Notch).ToList();
        Assert.Equal(3, notches.Count);
        // The third notch is one more than two: the channel comes down 6 dB at that moment.
        Assert.Contains(events, e => e.Action == FeedbackAction.PullDown && e.Sample == notches[2].Sample);
    }

    [Fact]
    public void A_notch_comes_out_slowly_once_its_howl_has_been_gone_for_the_hold_time()
    {
        var settings = new FeedbackGuardSettings { HoldSeconds = 2, ReleaseDbPerSecond = 4 };
        var guard = new FeedbackGuard(Rate, settings);
        var howl = Howls(2.5, (2200, 0.3, 60, -20));
        var quiet = Signals.Noise(20 * Rate, 8, 0.02);
        var events = Run(guard, [.. howl, .. quiet]);
        var release = events.First(e => e.Action == FeedbackAction.Release);
        Assert.InRange(release.Sample / (double)Rate, 2.5 + settings.HoldSeconds - 0.5, 2.5 + settings.HoldSeconds + 1.5);
        Assert.Equal(0, guard.ActiveNotches);   // 4 dB/s from at most −40 dB: gone well within the 20 s
    }

    [Fact]
    public void Plain_band_noise_and_steady_tones_give_no_action()
    {
        var guard = new FeedbackGuard(Rate);
        var x = Howls(8, (440, 0, 200, -20), (1320, 0, 200, -26));   // two notes that appear at once and hold
        Assert.Empty(Run(guard, x));
        Assert.Equal(0, guard.ActiveNotches);
    }

    [Fact]
    public void Hearing_allocates_nothing_after_construction()
    {
        var guard = new FeedbackGuard(Rate);
        var x = Howls(1, (900, 0, 10, -30));
        int at = 0;
        long bytes = SteadyStateAllocations.PerRound(() =>
        {
            guard.Hear(x.AsSpan(at, 256));
            at = (at + 256) % (x.Length - 256);
        });
        Assert.Equal(0, bytes);
    }
}

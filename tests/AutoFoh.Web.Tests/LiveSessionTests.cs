using System.Text.Json;
using AutoFoh.LiveMix;
using AutoFoh.Realtime;

namespace AutoFoh.Web.Tests;

/// <summary>The live page's updates from a real engine (no server, no browser): each strip's notches, the event list, the fallbacks.</summary>
public sealed class LiveSessionTests
{
    private const int Rate = 48000;

    /// <summary>A mixer at 0 dB that throws once it has heard <paramref name="throwAfter"/> samples.</summary>
    private sealed class FailingMixer(long throwAfter) : ILiveMixer
    {
        private long _seen;
        public string Name => "failing";
        public double LatencyMs => 0;
        public MixPrecision Precision => MixPrecision.Single;
        public void Prepare(int sampleRateHz, int channels, int maxBlock) { }
        public void Reset() => _seen = 0;
        public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
        {
            _seen += frames;
            if (_seen > throwAfter) throw new InvalidOperationException("out of its depth");
            Array.Clear(gains.EndDb);
        }
    }

    [Fact]
    public void An_update_carries_each_strip_s_notches_and_the_engine_s_events_newest_first()
    {
        var tone = Signals.Sine(2500, 0.2, Rate, Rate);
        using var engine = new LiveEngine(new EngineSettings { SampleRateHz = Rate, Channels = 2, Offline = true }, () => new FailingMixer(Rate / 2));
        engine.Notches.Set(1, 6, 2500, -12);
        engine.Notches.Set(1, 2, 180, -3);
        FileBackend.Run(engine, [tone, (float[])tone.Clone()]);
        using var session = new LiveSession(engine, ["kick", "vocals"], "failing");
        using var update = JsonDocument.Parse(session.UpdateMessage());
        var root = update.RootElement;
        var channels = root.GetProperty("channels").EnumerateArray().ToList();
        Assert.Empty(channels[0].GetProperty("notches").EnumerateArray());
        var notches = channels[1].GetProperty("notches").EnumerateArray().ToList();
        Assert.Equal([180.0, 2500.0], notches.Select(n => n.GetProperty("frequency_hz").GetDouble()));
        Assert.Equal([-3.0, -12.0], notches.Select(n => n.GetProperty("depth_db").GetDouble()));

        var fallback = Assert.Single(root.GetProperty("fallbacks").EnumerateArray());
        Assert.Equal("fallback", fallback.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, fallback.GetProperty("channel").ValueKind);
        Assert.Contains("out of its depth", fallback.GetProperty("action").GetString());
        Assert.InRange(fallback.GetProperty("t_s").GetDouble(), 0.5, 0.51);
        Assert.Equal(fallback.GetRawText(), Assert.Single(root.GetProperty("events").EnumerateArray()).GetRawText());
        Assert.Equal(1, root.GetProperty("event_count").GetInt64());
        Assert.Equal(0, root.GetProperty("bad_samples_replaced").GetInt64());
    }

    [Fact]
    public void The_event_list_is_bounded_and_newest_first_and_keeps_the_fallbacks_apart()
    {
        using var engine = new LiveEngine(new EngineSettings { SampleRateHz = Rate, Channels = 1 }, () => new FailingMixer(long.MaxValue));
        var log = engine.Events;
        log.Add(new EngineEvent(1, null, EngineEventKind.Fallback, null, "late", null));
        for (int i = 0; i < 50; i++) log.Add(new EngineEvent(2 + i, 0, EngineEventKind.Feedback, 1000, EngineEvent.Notch, -6));
        using var session = new LiveSession(engine, ["vocals"], "failing");
        using var update = JsonDocument.Parse(session.UpdateMessage());
        var events = update.RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(LiveSession.EventsShown, events.Count);
        Assert.Equal(51, events[0].GetProperty("t_s").GetDouble());
        Assert.Equal("vocals", events[0].GetProperty("channel").GetString());
        Assert.Equal(1, Assert.Single(update.RootElement.GetProperty("fallbacks").EnumerateArray()).GetProperty("t_s").GetDouble());
        Assert.Equal(51, update.RootElement.GetProperty("event_count").GetInt64());
    }
}

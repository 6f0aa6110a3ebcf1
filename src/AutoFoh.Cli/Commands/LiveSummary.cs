using System.Globalization;
using System.Text.Json.Serialization;
using AutoFoh.Realtime;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// What `autofoh live` reports when it ends: `--json` prints it as one object, otherwise a few lines. Channels count
/// from 1, as the CLI shows them; times are the engine's (seconds of input since the start).
/// </summary>
public sealed record LiveSummary(
    string Mixer,
    double Seconds,
    IReadOnlyList<LiveFeedbackEvent> FeedbackEvents,
    IReadOnlyList<LiveFallback> Fallbacks,
    double OutputPeakDbfs,
    double OutputDc,
    long BadSamplesReplaced)
{
    /// <summary>How many events of each list the human summary shows.</summary>
    public const int ShownEvents = 5;

    public static LiveSummary Of(LiveEngine engine, string mixer)
    {
        var events = engine.Events.Snapshot();
        return new LiveSummary(
            mixer,
            Math.Round(engine.Position / (double)engine.Settings.SampleRateHz, 3),
            events.Where(e => e.Kind == EngineEventKind.Feedback)
                .Select(e => new LiveFeedbackEvent((e.Channel ?? -1) + 1, Math.Round(e.TimeSeconds, 3), e.FrequencyHz, e.Action, e.DepthDb)).ToList(),
            events.Where(e => e.Kind == EngineEventKind.Fallback).Select(e => new LiveFallback(Math.Round(e.TimeSeconds, 3), e.Action)).ToList(),
            Math.Round(engine.Status.OutputPeakDbfs, 2),
            engine.Status.OutputDc,
            engine.Status.BadSamplesReplaced)
        {
            Recoveries = events.Where(e => e.Kind == EngineEventKind.Recovery).Select(e => new LiveFallback(Math.Round(e.TimeSeconds, 3), e.Action)).ToList(),
        };
    }

    /// <summary>The model taking over again after a late fallback (the human summary lists them with the fallbacks).</summary>
    [JsonIgnore]
    public IReadOnlyList<LiveFallback> Recoveries { get; init; } = [];

    /// <summary>One line of figures, then the first few feedback events and the fallbacks, one a line.</summary>
    public IEnumerable<string> Lines()
    {
        var culture = CultureInfo.InvariantCulture;
        yield return string.Create(culture,
            $"output peak {OutputPeakDbfs:0.0} dBFS, DC {OutputDc:0.00000}, {FeedbackEvents.Count} feedback events, {Fallbacks.Count} fallbacks, {BadSamplesReplaced} bad samples replaced");
        foreach (var e in FeedbackEvents.Take(ShownEvents))
            yield return string.Create(culture, $"  {e.TimeSeconds,8:0.000} s  feedback  channel {e.Channel}{(e.FrequencyHz is { } hz ? $" at {hz:0} Hz" : "")}: {e.Action}{(e.DepthDb is { } db ? $" {db:0.#} dB" : "")}");
        if (FeedbackEvents.Count > ShownEvents) yield return $"  ... and {FeedbackEvents.Count - ShownEvents} more feedback events (--json lists them all)";
        var changes = Fallbacks.Select(f => (f, Word: "fallback")).Concat(Recoveries.Select(r => (f: r, Word: "model back"))).OrderBy(x => x.f.TimeSeconds).ToList();
        foreach (var (f, word) in changes.Take(ShownEvents))
            yield return string.Create(culture, $"  {f.TimeSeconds,8:0.000} s  {word}: {f.Reason}");
        if (changes.Count > ShownEvents) yield return $"  ... and {changes.Count - ShownEvents} more fallbacks and recoveries";
    }
}

/// <summary>A feedback action on a channel (1-based): a notch, a deeper notch, a pull-down, a release, a restore.</summary>
public sealed record LiveFeedbackEvent(int Channel, [property: JsonPropertyName("time_s")] double TimeSeconds, double? FrequencyHz, string Action, double? DepthDb);

/// <summary>Dugan gain sharing taking over from the model, and why.</summary>
public sealed record LiveFallback([property: JsonPropertyName("time_s")] double TimeSeconds, string Reason);

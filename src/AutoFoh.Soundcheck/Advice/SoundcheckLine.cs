using System.Text.Json.Serialization;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// One line of `soundcheck --json`: <c>t_s</c>, <c>instrument</c>, <c>advice</c> (up, down, stay),
/// <c>offset_db</c>, and from a room microphone <c>source</c> and <c>flag</c> (absent from live stems,
/// which have no line check).
/// </summary>
public sealed record SoundcheckLine(
    [property: JsonPropertyName("t_s")] double TimeSeconds,
    string Instrument,
    [property: JsonPropertyName("advice")] AdviceAction Action,
    double OffsetDb,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AdviceSource? Source = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AdviceFlag? Flag = null)
{
    public static SoundcheckLine From(CoachAdvice advice) =>
        new(advice.TimeSeconds, advice.Instrument, advice.Action, advice.OffsetDb, advice.Source, advice.Flag);

    public static SoundcheckLine From(InstrumentAdvice advice) => new(advice.TimeSeconds, advice.Instrument, advice.Action, advice.OffsetDb);
}

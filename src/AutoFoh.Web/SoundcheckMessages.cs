using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using AutoFoh.Soundcheck.Advice;

namespace AutoFoh.Web;

// The soundcheck pages' messages (web/src/common.ts declares the same shapes), serialized with SnakeCaseJson.

/// <summary>One instrument's latest advice, as every soundcheck screen shows it.</summary>
public sealed record AdviceItem(string Instrument, [property: JsonPropertyName("advice")] AdviceAction Action, double OffsetDb, AdviceSource Source, AdviceFlag Flag)
{
    public static AdviceItem From(CoachAdvice advice) => new(advice.Instrument, advice.Action, Math.Round(advice.OffsetDb, 1), advice.Source, advice.Flag);
}

/// <summary>The balance the coach hears and the one the reference wants (24 × N shares, band-major, to 0.001).</summary>
public sealed record AdviceBalance(IReadOnlyList<string> Instruments, IReadOnlyList<float> Heard, IReadOnlyList<float> Ideal);

/// <summary>One second of the soundcheck: the advice, the microphone's level (null before it streams), warnings, and the balance.</summary>
public sealed record AdviceMessage(
    [property: JsonPropertyName("t_s")] double TimeSeconds,
    double? LevelDbfs,
    IReadOnlyList<AdviceItem> Advice,
    IReadOnlyList<string> Warnings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AdviceBalance? Balance = null)
{
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the message's type tag is serialized with it")]
    [JsonPropertyOrder(-1)] public string Type => "advice";
}

/// <summary>What a page needs on (re)connecting: the reference, the line check, the latest advice per instrument.</summary>
public sealed record SoundcheckStateMessage(
    string Reference,
    int SampleRateHz,
    IReadOnlyList<string> Instruments,
    IReadOnlyList<string> LineCheck,
    bool RoomTone,
    bool Microphone,
    IReadOnlyDictionary<string, AdviceItem> Latest)
{
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the message's type tag is serialized with it")]
    [JsonPropertyOrder(-1)] public string Type => "state";
}

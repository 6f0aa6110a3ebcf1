using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using AutoFoh.Realtime;

namespace AutoFoh.Web;

// The live page's messages (web/src/live.ts declares the same shapes; WebContractTests compares them).

/// <summary>Whether the live mix still runs.</summary>
public enum LiveRunState { Running, Finished }

/// <summary>One word for a strip: its own trouble first, then the engine's.</summary>
public enum LiveChannelStatus { Ok, Feedback, Late, Dugan }

/// <summary>What a page needs on (re)connecting: the channels, the mixer, the gains so far and the latest update.</summary>
public sealed record LiveStateMessage(string Mixer, int SampleRateHz, double UpdateHz, double MaxPriorityDb, IReadOnlyList<string> Channels,
    LiveHistory History, LiveUpdateMessage Latest)
{
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the message's type tag is serialized with it")]
    [JsonPropertyOrder(-1)] public string Type => "state";
}

/// <summary>The applied gains of the last updates: the times and, per channel, the gains (dB, null when not a number).</summary>
public sealed record LiveHistory([property: JsonPropertyName("t_s")] IReadOnlyList<double> TimeSeconds, IReadOnlyList<double[]> GainDb);

/// <summary>The engine's state a few times a second.</summary>
public sealed record LiveUpdateMessage(
    [property: JsonPropertyName("t_s")] double TimeSeconds,
    LiveRunState State,
    string Message,
    bool Fallback,
    bool ModelLate,
    bool ModelFailed,
    long LateBlocks,
    long Overruns,
    long FeedbackEvents,
    double CeilingGainDb,
    long BadSamplesReplaced,
    long EventCount,
    IReadOnlyList<LiveEvent> Events,
    IReadOnlyList<LiveEvent> Fallbacks,
    IReadOnlyList<LiveChannelUpdate> Channels)
{
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the message's type tag is serialized with it")]
    [JsonPropertyOrder(-1)] public string Type => "update";
}

/// <summary>
/// One channel strip: its meter and gains in dB (to 0.01, null when not a number), the engineer's controls, its status,
/// its feedback pull-down and its notches that cut now.
/// </summary>
public sealed record LiveChannelUpdate(string Name, double LevelDbfs, double GainDb, double AutomaticDb, double PriorityDb, bool Muted, bool Locked,
    double FeedbackDb, IReadOnlyList<LiveNotch> Notches, LiveChannelStatus Status);

/// <summary>A notch that cuts on a channel: where (Hz) and how deep (dB, below 0) it applies now.</summary>
public sealed record LiveNotch(double FrequencyHz, double DepthDb);

/// <summary>
/// Something the engine did (<see cref="EngineEvent"/>): when (engine time), on which channel (its name; null for the
/// whole engine), what kind, at what frequency, the action (for a fallback, its reason) and the depth.
/// </summary>
public sealed record LiveEvent([property: JsonPropertyName("t_s")] double TimeSeconds, string? Channel, EngineEventKind Kind, double? FrequencyHz, string Action,
    double? DepthDb);

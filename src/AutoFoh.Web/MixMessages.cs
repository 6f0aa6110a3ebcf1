using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Web;

// The mix page's messages (web/src/mix.ts declares the same shapes; WebContractTests compares them).

/// <summary>Where the mix page's one job is.</summary>
public enum MixJobState { Idle, Running, Done, Error }

/// <summary>
/// The job's state (<c>/api/mix/status</c>, the answer to a new mix and every event of <c>/api/mix/events</c>):
/// <see cref="Stage"/> and <see cref="Fraction"/> while it runs; when done also the figures of the written file
/// against the style, the warnings and the files' addresses (absent before).
/// </summary>
public sealed record MixStatusMessage(string Id, MixJobState State, string Stage, double Fraction, string Style, IReadOnlyList<string> Stems,
    string? Error, double Seconds)
{
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "the message's type tag is serialized with it")]
    [JsonPropertyOrder(-1)] public string Type => "mix";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? WithinTolerance { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? SolverPasses { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? DurationS { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<MixFigure>? Figures { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Warnings { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public MixFiles? Files { get; init; }
}

/// <summary>One figure of the written file against the style (to 4 decimals; a bound that is not a number is null).</summary>
public sealed record MixFigure(string Figure, string Unit, double Measured, double Target, double Low, double High, bool Ok)
{
    public static MixFigure From(FigureCompliance f) =>
        new(f.Figure, f.Unit, Math.Round(f.Measured, 4), Math.Round(f.Target, 4), Math.Round(f.Low, 4), Math.Round(f.High, 4), f.Ok);
}

/// <summary>The addresses of a finished job's files.</summary>
public sealed record MixFiles(string Mix, string Parameters, string Reaper);

/// <summary>The styles of the targets file with their figures and tolerances, for the page's picker (<c>/api/mix/styles</c>).</summary>
public sealed record MixStylesMessage(string Targets, string Predictor, bool PredictorReady, int MaxStems, long MaxUploadBytes, IReadOnlyList<MixStyle> Styles);

/// <summary>One style as the picker shows it: its figures, tolerance and frequency balance.</summary>
public sealed record MixStyle(string Name, string Description, double IntegratedLufs, double SpectralCentroidHz, double MsRatio, double TruePeakDbtp,
    StyleTolerance Tolerance, FrequencyBalance FrequencyBalance)
{
    public static MixStyle From(StyleTarget s) =>
        new(s.Name, s.Description, s.IntegratedLufs, s.SpectralCentroidHz, s.MsRatio, s.TruePeakDbtp, s.Tolerance, s.FrequencyBalance);
}

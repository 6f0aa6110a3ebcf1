using System.Text.Json;
using AutoFoh.Audio.Serialization;
using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Export;

/// <summary>The figures of a written mix beside its style's targets (the <c>--json</c> report and the export share them).</summary>
public sealed record MixMeasurement(double IntegratedLufs, double SpectralCentroidHz, double MsRatio, double TruePeakDbtp,
    double LowShare = double.NaN, double MidShare = double.NaN, double HighShare = double.NaN);

/// <summary>One stem in the export: where it came from and its strip.</summary>
public sealed record ExportedStem(string Name, string File, int Channels, int SampleRateHz, double DurationSeconds, StripParameters Strip);

/// <summary>Everything <c>--export PARAMS.json</c> holds: every parameter per stem and for the master, the targets and what the file measured.</summary>
public sealed record ParameterDocument(
    int FormatVersion,
    string Style,
    int SampleRateHz,
    string Output,
    IReadOnlyList<ExportedStem> Stems,
    ReverbSettings Reverb,
    MasterParameters Master,
    MixMeasurement Target,
    MixMeasurement Measured,
    string Predictor)
{
    public const int CurrentFormatVersion = 1;

    public MixParameters ToMixParameters() => new(Stems.Select(s => s.Strip).ToList(), Reverb, Master);
}

/// <summary>Reads and writes <see cref="ParameterDocument"/> in the one JSON configuration, <see cref="SnakeCaseJson"/> (non-finite numbers, such as a send that is off, as null, read back as −∞).</summary>
public static class ParameterFile
{
    public static JsonSerializerOptions Options => SnakeCaseJson.Options;

    public static string Serialize(ParameterDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Writes atomically: a temp file beside the target, then a rename, so a failure leaves nothing half-written.</summary>
    public static void Write(string path, ParameterDocument document) => AtomicFile.WriteAllText(path, Serialize(document));

    public static ParameterDocument Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: parameter file not found", path);
        try
        {
            var document = JsonSerializer.Deserialize<ParameterDocument>(File.ReadAllText(path), Options)
                ?? throw new FormatException($"{path}: empty parameter file");
            if (document.FormatVersion != ParameterDocument.CurrentFormatVersion)
                throw new FormatException($"{path}: format_version {document.FormatVersion}, this AutoFOH reads {ParameterDocument.CurrentFormatVersion}");
            return document;
        }
        catch (JsonException error)
        {
            throw new FormatException($"{path}: {error.Path}: {error.Message.Split(" Path:")[0]}");
        }
    }
}

using System.Globalization;
using System.Text;

namespace AutoFoh.Mastering.Export;

/// <summary>
/// A REAPER project (<c>.RPP</c>, REAPER's plain-text format) with one track per stem, its file as an item from
/// the start, and the strip's gain and pan as the track's volume and pan, so a person opens it and goes on
/// mixing by hand. The EQ, dynamics, reverb and master chain are not carried as plug-in states (their formats
/// are REAPER's own); the project's notes point to the parameter file that holds all of them.
/// Each item's file is written as the stem gives it: the CLI's export names the stems by absolute path, the web
/// page's by file name alone, which REAPER looks for beside the project (the uploaded copies do not outlive the job).
/// </summary>
public static class ReaperProject
{
    public static string Build(IReadOnlyList<ExportedStem> stems, int sampleRateHz, string parameterFile, string style)
    {
        var inv = CultureInfo.InvariantCulture;
        var rpp = new StringBuilder();
        rpp.AppendLine("<REAPER_PROJECT 0.1 \"6.0/autofoh\" 0");
        rpp.AppendLine("  <NOTES 0 2");
        rpp.AppendLine($"    |AutoFOH mix, style {style}. Track volume and pan are the suggested gain and pan;");
        rpp.AppendLine($"    |every EQ, compressor, saturation, reverb and master setting is in {Path.GetFileName(parameterFile)}.");
        rpp.AppendLine("  >");
        rpp.AppendLine(string.Create(inv, $"  SAMPLERATE {sampleRateHz} 0 0"));
        rpp.AppendLine("  MASTER_VOLUME 1 0 -1 -1 1");
        foreach (var stem in stems)
        {
            double volume = Math.Pow(10, stem.Strip.GainDb / 20);
            rpp.AppendLine("  <TRACK");
            rpp.AppendLine($"    NAME {Quote(stem.Name)}");
            rpp.AppendLine(string.Create(inv, $"    VOLPAN {volume:0.######} {stem.Strip.Pan:0.####} -1 -1 1"));
            rpp.AppendLine("    MUTESOLO 0 0 0");
            rpp.AppendLine(string.Create(inv, $"    NCHAN 2"));
            rpp.AppendLine("    <ITEM");
            rpp.AppendLine("      POSITION 0");
            rpp.AppendLine(string.Create(inv, $"      LENGTH {stem.DurationSeconds:0.######}"));
            rpp.AppendLine($"      NAME {Quote(Path.GetFileName(stem.File))}");
            rpp.AppendLine($"      <SOURCE {SourceType(stem.File)}");
            rpp.AppendLine($"        FILE {Quote(stem.File)}");
            rpp.AppendLine("      >");
            rpp.AppendLine("    >");
            rpp.AppendLine("  >");
        }
        rpp.AppendLine(">");
        return rpp.ToString();
    }

    public static void Write(string path, IReadOnlyList<ExportedStem> stems, int sampleRateHz, string parameterFile, string style) =>
        AtomicFile.WriteAllText(path, Build(stems, sampleRateHz, parameterFile, style));

    private static string SourceType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".flac" => "FLAC",
        ".ogg" or ".opus" => "VORBIS",
        ".mp3" => "MP3",
        _ => "WAVE",
    };

    // REAPER quotes with ", or ' or ` when the text holds a double quote.
    private static string Quote(string text) => text.Contains('"') ? (text.Contains('\'') ? $"`{text}`" : $"'{text}'") : $"\"{text}\"";
}

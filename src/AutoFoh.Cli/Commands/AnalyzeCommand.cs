using System.CommandLine;
using System.Text.Json.Serialization;
using AutoFoh.Audio;
using AutoFoh.Cli.Output;
using AutoFoh.Dsp.Analysis;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>`autofoh analyze FILE... [--sum] [--json]`: loudness, peaks and tone of audio files.</summary>
public static class AnalyzeCommand
{
    private const int BlockFrames = 8192;

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Audio files to analyze (WAV read natively; ogg, flac, mp3, m4a through ffmpeg)",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON array of reports on stdout and nothing else" };
        var sum = new Option<bool>("--sum")
        {
            Description = "Analyze the sample-by-sample sum of the files (e.g. guitar.ogg + song.ogg) instead of each file",
        };
        var command = new Command("analyze", "Measure loudness (EBU R128 / BS.1770-4), true peak, level, crest factor, spectral centroid and stereo width")
        {
            files, json, sum,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(json), parse.GetValue(sum), parse.GetValue(CliApp.Verbose)));
        return command;
    }

    internal static int Run(string[] paths, bool json, bool sum, bool verbose)
    {
        var results = new List<AnalyzeResult>();
        int failures = 0;
        if (sum)
        {
            var analyzed = Analyze(string.Join(" + ", paths), () => OpenSum(paths), verbose);
            if (analyzed is null) failures++; else results.Add(analyzed);
        }
        else
        {
            foreach (var path in paths)
            {
                var analyzed = Analyze(path, () => AudioFile.OpenRead(path), verbose);
                if (analyzed is null) failures++; else results.Add(analyzed);
            }
        }

        if (json) Json.Write(results);
        else if (results.Count > 0) PrintTable(results);
        return failures == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static MixReader OpenSum(string[] paths)
    {
        var readers = new List<IAudioReader>();
        try
        {
            foreach (var path in paths) readers.Add(AudioFile.OpenRead(path));
            return new MixReader(readers.ToArray());
        }
        catch
        {
            foreach (var reader in readers) reader.Dispose();
            throw;
        }
    }

    private static AnalyzeResult? Analyze(string name, Func<IAudioReader> open, bool verbose)
    {
        try
        {
            using var reader = open();
            var analyzer = new SignalAnalyzer(reader.SampleRateHz, reader.Channels);
            var block = new float[BlockFrames * reader.Channels];
            int frames;
            while ((frames = reader.Read(block)) > 0) analyzer.Process(block.AsSpan(0, frames * reader.Channels));
            if (analyzer.FrameCount == 0) throw new AudioFormatException(name, "holds no audio samples");
            return AnalyzeResult.From(name, analyzer.Report());
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            CliApp.ReportError(error, verbose);
            return null;
        }
    }

    private static void PrintTable(IReadOnlyList<AnalyzeResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("measure");
        foreach (var r in results) table.AddColumn(new TableColumn(Markup.Escape(ShortName(r.Path))).RightAligned());
        void Row(string label, Func<AnalyzeResult, string> cell) => table.AddRow([label, .. results.Select(cell)]);
        Row("sample rate", r => $"{r.SampleRate} Hz");
        Row("channels", r => $"{r.Channels}");
        Row("duration", r => $"{r.DurationS:0.00} s");
        Row("integrated loudness", r => Format(r.IntegratedLufs, "LUFS", 1));
        Row("loudness range", r => Format(r.LoudnessRangeLu, "LU", 1));
        Row("true peak", r => Format(r.TruePeakDbtp, "dBTP", 2));
        Row("sample peak", r => Format(r.SamplePeakDbfs, "dBFS", 2));
        Row("momentary max", r => Format(r.MomentaryMaxLufs, "LUFS", 1));
        Row("short-term max", r => Format(r.ShortTermMaxLufs, "LUFS", 1));
        Row("RMS", r => Format(r.RmsDbfs, "dBFS", 1));
        Row("crest factor", r => Format(r.CrestFactorDb, "dB", 1));
        Row("spectral centroid", r => Format(r.SpectralCentroidHz, "Hz", 0));
        Row("M/S ratio", r => Format(r.MsRatio, "", 3));
        AnsiConsole.Write(table);
    }

    /// <summary>File names without folders; a sum "a/x.ogg + b/y.ogg" becomes "x.ogg + y.ogg".</summary>
    private static string ShortName(string path) =>
        string.Join(" + ", path.Split(" + ").Select(p => Path.GetFileName(p) is { Length: > 0 } name ? name : p));

    private static string Format(double value, string unit, int decimals) =>
        double.IsNegativeInfinity(value) ? $"-inf {unit}".Trim()
        : double.IsFinite(value) ? $"{value.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture)} {unit}".Trim()
        : $"{value} {unit}".Trim();

    /// <summary>One file's figures, named as DESIGN.md's contract says (units in the names).</summary>
    public sealed record AnalyzeResult(
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("sample_rate")] int SampleRate,
        [property: JsonPropertyName("channels")] int Channels,
        [property: JsonPropertyName("duration_s")] double DurationS,
        [property: JsonPropertyName("integrated_lufs")] double IntegratedLufs,
        [property: JsonPropertyName("loudness_range_lu")] double LoudnessRangeLu,
        [property: JsonPropertyName("true_peak_dbtp")] double TruePeakDbtp,
        [property: JsonPropertyName("sample_peak_dbfs")] double SamplePeakDbfs,
        [property: JsonPropertyName("momentary_max_lufs")] double MomentaryMaxLufs,
        [property: JsonPropertyName("short_term_max_lufs")] double ShortTermMaxLufs,
        [property: JsonPropertyName("rms_dbfs")] double RmsDbfs,
        [property: JsonPropertyName("crest_factor_db")] double CrestFactorDb,
        [property: JsonPropertyName("spectral_centroid_hz")] double SpectralCentroidHz,
        [property: JsonPropertyName("ms_ratio")] double MsRatio)
    {
        public static AnalyzeResult From(string path, SignalReport r) => new(
            path, (int)r.SampleRateHz, r.Channels, r.DurationSeconds, r.IntegratedLufs, r.LoudnessRangeLu, r.TruePeakDbtp,
            r.SamplePeakDbfs, r.MomentaryMaxLufs, r.ShortTermMaxLufs, r.RmsDbfs, r.CrestFactorDb, r.SpectralCentroidHz, r.MsRatio);
    }
}

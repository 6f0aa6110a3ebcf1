using System.Text.Json;

namespace AutoFoh.Cli.Tests;

public class AnalyzeCommandTests
{
    private static readonly string[] Fields =
    [
        "path", "sample_rate", "channels", "duration_s", "integrated_lufs", "loudness_range_lu", "true_peak_dbtp",
        "sample_peak_dbfs", "momentary_max_lufs", "short_term_max_lufs", "rms_dbfs", "crest_factor_db",
        "spectral_centroid_hz", "ms_ratio",
    ];

    [Fact]
    public void Json_output_is_one_document_with_every_field_and_the_right_figures()
    {
        using var dir = new TempFolder();
        // EBU Tech 3341 case 1's signal: 1 kHz stereo sine at -23 dBFS per channel reads -23 LUFS.
        double amplitude = Math.Pow(10, -23 / 20.0);
        File.WriteAllBytes(dir.File("tone.wav"), WavBytes.Float32(48000, 2, WavBytes.Sine(1000, amplitude, 48000, 20, 2)));

        var run = CliRunner.Run("analyze", dir.File("tone.wav"), "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var report = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        foreach (var field in Fields) Assert.True(report.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(48000, report.GetProperty("sample_rate").GetInt32());
        Assert.Equal(2, report.GetProperty("channels").GetInt32());
        Assert.Equal(20.0, report.GetProperty("duration_s").GetDouble(), 6);
        Assert.Equal(-23.0, report.GetProperty("integrated_lufs").GetDouble(), 0.1);
        Assert.Equal(-23.0, report.GetProperty("momentary_max_lufs").GetDouble(), 0.1);
        Assert.Equal(-23.0, report.GetProperty("short_term_max_lufs").GetDouble(), 0.1);
        Assert.Equal(0.0, report.GetProperty("loudness_range_lu").GetDouble(), 0.1);
        Assert.Equal(-23.0, report.GetProperty("sample_peak_dbfs").GetDouble(), 0.01);
        Assert.Equal(-23.0, report.GetProperty("true_peak_dbtp").GetDouble(), 0.2);
        Assert.Equal(-26.01, report.GetProperty("rms_dbfs").GetDouble(), 0.02);
        Assert.Equal(3.01, report.GetProperty("crest_factor_db").GetDouble(), 0.02);
        Assert.Equal(1000, report.GetProperty("spectral_centroid_hz").GetDouble(), 20.0);
        Assert.Equal(0.0, report.GetProperty("ms_ratio").GetDouble());
    }

    [Fact]
    public void Silence_reports_null_loudness_in_json_rather_than_an_invalid_number()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("silence.wav"), WavBytes.Pcm16(44100, 1, new short[44100 * 2]));
        var run = CliRunner.Run("analyze", dir.File("silence.wav"), "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var report = doc.RootElement[0];
        Assert.Equal(JsonValueKind.Null, report.GetProperty("integrated_lufs").ValueKind);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("true_peak_dbtp").ValueKind);
    }

    [Fact]
    public void The_table_names_each_file_and_its_loudness()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("a.wav"), WavBytes.Float32(48000, 2, WavBytes.Sine(1000, Math.Pow(10, -23 / 20.0), 48000, 5, 2)));
        File.WriteAllBytes(dir.File("b.wav"), WavBytes.Float32(48000, 2, WavBytes.Sine(1000, Math.Pow(10, -33 / 20.0), 48000, 5, 2)));
        var run = CliRunner.Run("analyze", dir.File("a.wav"), dir.File("b.wav"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("a.wav", run.Stdout);
        Assert.Contains("b.wav", run.Stdout);
        Assert.Contains("-23.0 LUFS", run.Stdout);
        Assert.Contains("-33.0 LUFS", run.Stdout);
    }

    [Fact]
    public void Sum_analyzes_the_files_added_together()
    {
        using var dir = new TempFolder();
        // Two identical -29 dBFS tones add to -23 dBFS (+6.02 dB).
        var tone = WavBytes.Float32(48000, 2, WavBytes.Sine(1000, Math.Pow(10, -29.02 / 20.0), 48000, 10, 2));
        File.WriteAllBytes(dir.File("a.wav"), tone);
        File.WriteAllBytes(dir.File("b.wav"), tone);
        var run = CliRunner.Run("analyze", "--sum", dir.File("a.wav"), dir.File("b.wav"), "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(-23.0, doc.RootElement[0].GetProperty("integrated_lufs").GetDouble(), 0.1);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("analyze", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage", run.Stdout);
    }
}

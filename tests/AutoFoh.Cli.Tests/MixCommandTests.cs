using System.Text.Json;

namespace AutoFoh.Cli.Tests;

/// <summary>`autofoh mix`, `validate` and `master` end to end: real files in, the written file measured (ours and ffmpeg's ebur128).</summary>
public class MixCommandTests
{
    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static void AssertMeetsTargets(JsonElement report, string output)
    {
        var target = report.GetProperty("target");
        double lufs = report.GetProperty("integrated_lufs").GetDouble(), centroid = report.GetProperty("spectral_centroid_hz").GetDouble();
        double ms = report.GetProperty("ms_ratio").GetDouble(), peak = report.GetProperty("true_peak_dbtp").GetDouble();
        string figures = $"{lufs:0.00} LUFS, {centroid:0} Hz, ms {ms:0.000}, {peak:0.00} dBTP";
        Assert.True(Math.Abs(lufs - target.GetProperty("integrated_lufs").GetDouble()) <= 0.2, figures);
        Assert.True(Math.Abs(centroid / target.GetProperty("spectral_centroid_hz").GetDouble() - 1) <= 0.05, figures);
        Assert.True(Math.Abs(ms - target.GetProperty("ms_ratio").GetDouble()) <= 0.03, figures);
        Assert.True(peak <= -1.0, figures);
        Assert.True(report.GetProperty("within_tolerance").GetBoolean());
        // ffmpeg's ebur128 agrees on the written file.
        var ffmpeg = FfmpegLoudness.Measure(output);
        Assert.True(Math.Abs(ffmpeg.IntegratedLufs - lufs) <= 0.1, $"ffmpeg {ffmpeg.IntegratedLufs:0.00} LUFS vs ours {lufs:0.00}");
        Assert.True(ffmpeg.TruePeakDbtp <= -1.0, $"ffmpeg true peak {ffmpeg.TruePeakDbtp:0.00} dBTP");
    }

    [Fact]
    public void Test_stems_mix_to_the_style_with_every_parameter_exported()
    {
        using var dir = new TempFolder();
        string output = dir.File("mix.wav"), parameters = dir.File("params.json");
        var report = Json(CliRunner.Run("mix", "--test-stems", "5", "--seconds", "10", "--style", "rock_punk", "--output", output,
            "--export", parameters, "--validate", "--json"));
        AssertMeetsTargets(report, output);
        Assert.Equal("rock_punk", report.GetProperty("style").GetString());

        using var exported = JsonDocument.Parse(File.ReadAllText(parameters));
        var stems = exported.RootElement.GetProperty("stems");
        Assert.Equal(5, stems.GetArrayLength());
        foreach (var stem in stems.EnumerateArray())
        {
            var strip = stem.GetProperty("strip");
            foreach (var field in new[] { "high_pass_hz", "gain_db", "pan", "eq", "compressor", "saturation", "reverb_send_db" }) Assert.True(strip.TryGetProperty(field, out _), field);
            Assert.Equal(4, strip.GetProperty("eq").GetArrayLength());
            Assert.True(File.Exists(stem.GetProperty("file").GetString()));
        }
        var master = exported.RootElement.GetProperty("master");
        foreach (var field in new[] { "input_gain_db", "bus_compressor", "eq", "width", "limiter" }) Assert.True(master.TryGetProperty(field, out _), field);
        Assert.Equal(-1.0, master.GetProperty("limiter").GetProperty("ceiling_dbtp").GetDouble());

        string rpp = File.ReadAllText(dir.File("params.RPP"));
        Assert.Equal(5, rpp.Split("<TRACK").Length - 1);
        Assert.Contains("<SOURCE WAVE", rpp);
    }

    [Fact]
    public void A_real_song_as_guitar_and_band_stems_mixes_to_a_style()
    {
        string song = Path.Combine(CliRunner.SongsRoot, "internal_degeneration");
        using var dir = new TempFolder();
        string output = dir.File("mix.wav");
        var report = Json(CliRunner.Run("mix", "--stems", Path.Combine(song, "guitar.ogg"), Path.Combine(song, "song.ogg"), "--style", "country_pop",
            "--output", output, "--json"));
        AssertMeetsTargets(report, output);
        Assert.Equal(["guitar", "song"], report.GetProperty("stems").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
    }

    [Fact]
    public void Stems_of_different_lengths_rates_and_channels_are_mixed_and_said_so()
    {
        using var dir = new TempFolder();
        WavBytes.WriteSine(dir.File("keys.wav"), 44100, 2, 6.0, 440, 0.3);
        WavBytes.WriteSine(dir.File("lead.wav"), 48000, 1, 4.0, 660, 0.2);
        WavBytes.WriteNoise(dir.File("guitar.wav"), 44100, 1, 6.0, 0.2, seed: 3);
        WavBytes.WriteSilence(dir.File("empty.wav"), 44100, 1, 6.0);
        string output = dir.File("mix.wav");
        var run = CliRunner.Run("mix", "--stems", dir.File("keys.wav"), dir.File("lead.wav"), dir.File("guitar.wav"), dir.File("empty.wav"),
            "--style", "rnb_ballad", "--output", output, "--json");
        var report = Json(run);
        Assert.Contains("lead.wav: 48000 Hz, resampled", run.Stderr);
        Assert.Contains("lead.wav: 4 s, shorter than the longest stem (6 s): padded with silence", run.Stderr);
        Assert.Contains("empty.wav: silent", run.Stderr);
        Assert.Equal(6.0, new FileInfo(output).Length / (44100.0 * 2 * 3), 2);
        Assert.True(report.GetProperty("true_peak_dbtp").GetDouble() <= -1.0);
    }

    [Fact]
    public void Bad_input_is_one_line_a_non_zero_exit_and_no_file()
    {
        using var dir = new TempFolder();
        string output = dir.File("mix.wav");
        WavBytes.WriteSine(dir.File("a.wav"), 44100, 1, 1.0, 220, 0.3);
        void Refused(string expected, params string[] args)
        {
            var run = CliRunner.Run(["mix", .. args, "--output", output]);
            Assert.Equal(1, run.ExitCode);
            Assert.Single(run.StderrLines);
            Assert.Contains(expected, run.Stderr);
            Assert.False(File.Exists(output));
        }
        Refused("unknown style 'polka'", "--stems", dir.File("a.wav"), "--style", "polka");
        Refused("give either --stems FILE... or --test-stems N", "--style", "rock_punk");
        Refused("65 stems given; a mix takes at most 64", ["--stems", .. Enumerable.Repeat(dir.File("a.wav"), 65), "--style", "rock_punk"]);
        Refused("missing.wav", "--stems", dir.File("missing.wav"), "--style", "rock_punk");
        File.WriteAllText(dir.File("notes.wav"), "not audio");
        Refused("notes.wav", "--stems", dir.File("notes.wav"), "--style", "rock_punk");
        string yaml = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "configs", "style_targets.yaml")).Replace("ms_ratio: 0.6", "ms_ratio: wide");
        File.WriteAllText(dir.File("mine.yaml"), yaml);
        Refused("mine.yaml: line", "--stems", dir.File("a.wav"), "--style", "rock_punk", "--targets", dir.File("mine.yaml"));
        Refused("ms_ratio must be a number, not 'wide'", "--stems", dir.File("a.wav"), "--style", "rock_punk", "--targets", dir.File("mine.yaml"));
        WavBytes.WriteSilence(dir.File("silent.wav"), 44100, 1, 1.0);
        Refused("every stem is silent", "--stems", dir.File("silent.wav"), "--style", "rock_punk");
    }

    [Fact]
    public void Validate_runs_the_seed_suite_for_every_style_and_every_case_passes()
    {
        var run = CliRunner.Run(["validate", "--seconds", "4", "--json"], environment: null, timeout: TimeSpan.FromMinutes(8));
        var report = Json(run);
        var cases = report.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(6 * 3, cases.Count);
        Assert.Equal(["band", "bass_heavy", "bright", "loud", "quiet", "white_noise"], cases.Select(c => c.GetProperty("case").GetString()!).Distinct().Order());
        foreach (var c in cases)
            Assert.True(c.GetProperty("passed").GetBoolean(), $"{c.GetProperty("case")} / {c.GetProperty("style")}: {c}");
        Assert.Equal(0, report.GetProperty("failed").GetInt32());
    }

    [Fact]
    public void Master_matches_a_reference_and_reports_what_it_changed()
    {
        string song = Path.Combine(CliRunner.SongsRoot, "mutilated_mime");
        using var dir = new TempFolder();
        WavBytes.WriteNoise(dir.File("in.wav"), 44100, 2, 20.0, 0.05, seed: 9);
        string output = dir.File("out.wav");
        var report = Json(CliRunner.Run("master", "--reference", Path.Combine(song, "song.ogg"), dir.File("in.wav"), "--out", output, "--json"));
        double reference = report.GetProperty("reference_measured").GetProperty("integrated_lufs").GetDouble();
        Assert.Equal(reference, report.GetProperty("output_measured").GetProperty("integrated_lufs").GetDouble(), 0.2);
        var ffmpeg = FfmpegLoudness.Measure(output);
        Assert.Equal(reference, ffmpeg.IntegratedLufs, 0.3);
        Assert.True(ffmpeg.TruePeakDbtp <= -1.0, $"ffmpeg true peak {ffmpeg.TruePeakDbtp}");
        Assert.Equal(10, report.GetProperty("eq").GetArrayLength());
        var half = CliRunner.Run("master", "--reference", Path.Combine(song, "song.ogg"), dir.File("in.wav"), "--out", output, "--amount", "2");
        Assert.Equal(1, half.ExitCode);
        Assert.Contains("--amount 2", half.Stderr);
    }
}

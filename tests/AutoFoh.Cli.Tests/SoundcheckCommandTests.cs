using System.Text.Json;

namespace AutoFoh.Cli.Tests;

/// <summary>`reference build`, `soundcheck` and `gym` end to end on a real song (Muldjord's "chaos_god").</summary>
public class SoundcheckCommandTests
{
    private static string Song => Path.Combine(CliRunner.SongsRoot, "chaos_god");

    [Fact]
    public void A_reference_built_from_stems_drives_a_soundcheck_that_prints_json_lines()
    {
        using var dir = new TempFolder();
        string model = dir.File("chaos.safetensors");
        var build = CliRunner.Run("reference", "build", "--stems", Song, "--out", model, "--json");
        Assert.True(build.ExitCode == 0, build.Stderr);
        using (var summary = JsonDocument.Parse(build.Stdout))
        {
            Assert.Equal(["guitar", "song"], summary.RootElement.GetProperty("instruments").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains(summary.RootElement.GetProperty("predictor").GetString(), new[] { "table", "networks" });
        }
        Assert.True(File.Exists(model));

        var run = CliRunner.Run("soundcheck", "--reference", model, "--input-stems", Song, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 200, $"{lines.Length} lines");
        foreach (var line in lines.Take(50))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.Contains(r.GetProperty("advice").GetString(), new[] { "up", "down", "stay" });
            Assert.Contains(r.GetProperty("instrument").GetString(), new[] { "guitar", "song" });
            Assert.True(r.GetProperty("t_s").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("offset_db").ValueKind);
        }
        double DownShare(IEnumerable<string> output) => GuitarShare(output, "down");
        double referenceDown = DownShare(lines);
        double referenceStay = GuitarShare(lines, "stay");

        // The same band with the guitar 20 dB too loud: "down", nearly all the time.
        Directory.CreateDirectory(dir.File("loud"));
        Ffmpeg("-i", Path.Combine(Song, "guitar.ogg"), "-af", "volume=20dB", "-c:a", "pcm_f32le", dir.File("loud/guitar.wav"));
        File.Copy(Path.Combine(Song, "song.ogg"), dir.File("loud/song.ogg"));
        var loud = CliRunner.Run("soundcheck", "--reference", model, "--input-stems", dir.File("loud"), "--json");
        Assert.True(loud.ExitCode == 0, loud.Stderr);
        double loudDown = DownShare(loud.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(loudDown >= 0.9, $"guitar +20 dB: down in {loudDown:P0} of the seconds");
        Assert.True(referenceStay > referenceDown && referenceStay >= 0.5, $"at the reference balance: stay {referenceStay:P0}, down {referenceDown:P0}");
    }

    private static double GuitarShare(IEnumerable<string> lines, string advice)
    {
        var guitar = lines.Where(l => l.Contains("\"instrument\":\"guitar\"")).ToList();
        return guitar.Count(l => l.Contains($"\"advice\":\"{advice}\"")) / (double)guitar.Count;
    }

    private static void Ffmpeg(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-y" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    [Fact]
    public void A_corrupt_model_or_a_one_stem_reference_gets_one_clear_line()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("model.safetensors"), "not a model");
        var corrupt = CliRunner.Run("soundcheck", "--reference", dir.File("model.safetensors"), "--input-stems", Song);
        Assert.NotEqual(0, corrupt.ExitCode);
        Assert.Contains("model.safetensors", Assert.Single(corrupt.StderrLines));

        Directory.CreateDirectory(dir.File("one"));
        File.Copy(Path.Combine(Song, "guitar.ogg"), dir.File("one/guitar.ogg"));
        var one = CliRunner.Run("reference", "build", "--stems", dir.File("one"), "--out", dir.File("x.safetensors"));
        Assert.NotEqual(0, one.ExitCode);
        Assert.Contains("at least two stems", Assert.Single(one.StderrLines));
        Assert.False(File.Exists(dir.File("x.safetensors")));
    }

    [Fact]
    public void The_gym_reports_every_policy_and_writes_its_csv_and_plot()
    {
        using var dir = new TempFolder();
        var run = CliRunner.Run("gym", "--songs", Song, "--instrument", "guitar", "--episodes", "4", "--policy", "all", "--dqn-episodes", "5", "--out", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var policies = doc.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["threshold", "magnitude", "random", "stay", "dqn"], policies.Select(p => p.GetProperty("name").GetString()));
        foreach (var p in policies)
        {
            Assert.Equal(4, p.GetProperty("episodes").GetInt32());
            foreach (var field in new[] { "mean_reward", "final_abs_db_median", "final_abs_db_p90", "within_3db", "within_12db", "median_steps_to_within_3db" })
                Assert.True(p.TryGetProperty(field, out _), field);
            double within = p.GetProperty("within_3db").GetDouble();
            Assert.InRange(within, 0, 1);
        }
        Assert.Equal(1 + 4 * 5, File.ReadAllLines(dir.File("gym_episodes.csv")).Length);
        Assert.Contains("<svg", File.ReadAllText(dir.File("gym_trajectories.svg")));
    }

    [Fact]
    public void The_separation_table_measures_every_method_in_a_simulated_bar()
    {
        var run = CliRunner.Run("separation", "--songs", Song, "--rooms", "1", "--seed", "4", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        var methods = doc.RootElement.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("method").GetString()!, m => m.Clone());
        Assert.Equal(["mixture", "nmf-stft", "nmf", "exemplar", "ltas", "tracking", "informed"], methods.Keys);
        foreach (var name in new[] { "nmf", "exemplar", "ltas" })
            Assert.InRange(methods[name].GetProperty("dominance_error").GetDouble(), 0, 1);
        Assert.True(methods["nmf-stft"].GetProperty("si_sdr_db").TryGetProperty("guitar", out _));
        // Following the song, the guitar's 6 dB rise is read to within 3 dB.
        Assert.InRange(methods["informed"].GetProperty("level_error_db").GetDouble(), 0, 3);
    }
}

using System.Text.Json;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Cli.Tests;

/// <summary>`autofoh livemix` end to end on a rendered rock song: data with bleed, the classic mixers' figures, a render, bad input.</summary>
public class LiveMixCommandTests : IClassFixture<RockSong>
{
    private readonly RockSong _song;
    public LiveMixCommandTests(RockSong song) => _song = song;

    private string Dataset()
    {
        string output = _song.Dir.File("live");
        if (!Directory.Exists(output))
        {
            var run = CliRunner.Run("livemix", "dataset", "--songs", _song.Stems, "--per-song", "2", "--seconds", "12", "--seed", "4", "--out", output);
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        return output;
    }

    [Fact]
    public void The_dataset_holds_close_microphones_with_bleed_a_target_and_its_recipe()
    {
        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        var instruments = Directory.GetFiles(Path.Combine(_song.Stems), "*.wav").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(instruments, Directory.GetFiles(Path.Combine(folder, "inputs")).Select(Path.GetFileNameWithoutExtension).Order().ToList());
        Assert.True(File.Exists(Path.Combine(folder, "target.wav")));
        var recipe = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "live.json"))).RootElement;
        var staging = recipe.GetProperty("staging_db").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.All(staging, s => Assert.InRange(s, -20, 20));
        // Every microphone hears its own instrument most and the others as bleed.
        var bleed = recipe.GetProperty("bleed_energy").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        for (int c = 0; c < bleed.Length; c++)
            for (int i = 0; i < bleed.Length; i++)
                if (i != c) Assert.True(bleed[c][i] > 0 && bleed[c][i] < bleed[c][c], $"microphone {c}: instrument {i} at {bleed[c][i]:G3}, its own at {bleed[c][c]:G3}");
        Assert.Equal("rock", recipe.GetProperty("style").GetString());
    }

    [Fact]
    public void Eval_prints_every_mixer_and_loudness_balancing_beats_the_raw_sum_on_balance()
    {
        var run = CliRunner.Run("livemix", "eval", "--data", Dataset(), "--mixers", "unity,dugan,loudness", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var mixers = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("mixers").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(["unity", "dugan", "loudness"], mixers.Keys.ToArray());
        foreach (var m in mixers.Values)
        {
            Assert.True(m.GetProperty("mrstft").GetDouble() > 0);
            Assert.Equal(0, m.GetProperty("latency_ms").GetDouble());
            Assert.True(m.GetProperty("balance_error_db_p90").GetDouble() >= m.GetProperty("balance_error_db_median").GetDouble());
        }
        Assert.Equal(0, mixers["unity"].GetProperty("gain_change_db_per_s").GetDouble());
        Assert.True(mixers["loudness"].GetProperty("balance_error_db_median").GetDouble() < mixers["unity"].GetProperty("balance_error_db_median").GetDouble());
    }

    [Fact]
    public void Render_writes_the_mix_and_mismatched_channels_are_refused_naming_the_file()
    {
        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        string mix = _song.Dir.File("mix.wav");
        var run = CliRunner.Run("livemix", "render", "--in", folder, "--mixer", "loudness", "--out", mix);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(new FileInfo(mix).Length > 12 * 44100 * 4);

        string bad = _song.Dir.File("bad-live");
        Directory.CreateDirectory(Path.Combine(bad, "inputs"));
        File.WriteAllBytes(Path.Combine(bad, "inputs", "a.wav"), WavBytes.Float32(44100, 1, WavBytes.Sine(220, 0.2, 44100, 2, 1)));
        File.WriteAllBytes(Path.Combine(bad, "inputs", "b.wav"), WavBytes.Float32(44100, 1, WavBytes.Sine(330, 0.2, 44100, 3, 1)));
        var refused = CliRunner.Run("livemix", "render", "--in", bad, "--mixer", "dugan", "--out", _song.Dir.File("never.wav"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("b.wav", Assert.Single(refused.StderrLines));
        Assert.Contains("equally long", refused.Stderr);
        Assert.False(File.Exists(_song.Dir.File("never.wav")));
    }

    [Fact]
    public void Train_saves_checkpoints_that_resume_and_eval_renders_every_mixer_learned_or_not()
    {
        string models = _song.Dir.File("models");
        foreach (var model in new[] { "alm", "alm-sr", "dmc" })
        {
            string checkpoint = Path.Combine(models, model + ".safetensors");
            var run = CliRunner.Run("livemix", "train", "--data", Dataset(), "--model", model, "--steps", "3", "--checkpoint-every", "2",
                "--window-seconds", "2", "--dim", "8", "--seed", "3", "--out", checkpoint);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains("trained to step 3", run.Stdout);
            Assert.True(File.Exists(checkpoint) && File.Exists(checkpoint + ".state"));
            var resumed = CliRunner.Run("livemix", "train", "--data", Dataset(), "--model", model, "--steps", "5", "--checkpoint-every", "2",
                "--window-seconds", "2", "--dim", "8", "--seed", "3", "--out", checkpoint, "--resume");
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Contains("trained to step 5", resumed.Stdout);
        }
        // The checkpoint says how it was made.
        var bytes = File.ReadAllBytes(Path.Combine(models, "alm.safetensors"));
        int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        var metadata = JsonDocument.Parse(bytes.AsMemory(8, headerLength)).RootElement.GetProperty("__metadata__");
        var training = JsonDocument.Parse(metadata.GetProperty("config").GetString()!).RootElement.GetProperty("training");
        Assert.Contains("livemix train", training.GetProperty("command").GetString());
        Assert.Equal(3, training.GetProperty("seed").GetInt32());
        Assert.Equal(5, training.GetProperty("steps").GetInt32());

        var eval = CliRunner.Run("livemix", "eval", "--data", Dataset(), "--models", models, "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var mixers = JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("mixers").EnumerateArray().ToList();
        Assert.Equal(["alm", "alm-sr", "dmc", "dugan", "loudness", "unity"], mixers.Select(m => m.GetProperty("name").GetString()!).ToArray());
        foreach (var m in mixers)
        {
            foreach (var field in new[] { "mrstft", "balance_error_db_median", "balance_error_db_p90", "gain_change_db_per_s", "latency_ms" })
                Assert.True(double.IsFinite(m.GetProperty(field).GetDouble()), $"{m.GetProperty("name")}: {field}");
            Assert.Equal(0, m.GetProperty("latency_ms").GetDouble());
        }

        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        string mix = _song.Dir.File("alm-mix.wav");
        var render = CliRunner.Run("livemix", "render", "--in", folder, "--mixer", "alm", "--models", models, "--out", mix);
        Assert.True(render.ExitCode == 0, render.Stderr);
        Assert.True(new FileInfo(mix).Length > 12 * 44100 * 4);
    }

    private string[] TrainArgs(string checkpoint, int steps, params string[] more) =>
        ["livemix", "train", "--data", Dataset(), "--model", "alm", "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--checkpoint-every", "2", "--window-seconds", "2", "--dim", "8", "--seed", "5", "--out", checkpoint, .. more];

    [Fact]
    public void Training_with_one_seed_in_two_processes_gives_the_same_bytes_and_a_state_of_another_save_is_refused()
    {
        string checkpoint = _song.Dir.File("determinism/alm.safetensors");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = CliRunner.Run(TrainArgs(checkpoint, 3));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var bytes = File.ReadAllBytes(checkpoint);
        var state = File.ReadAllBytes(checkpoint + ".state");
        File.Delete(checkpoint);
        File.Delete(checkpoint + ".state");
        // The same command in a new process (.NET randomises string hashes and HashCode per process).
        var second = CliRunner.Run(TrainArgs(checkpoint, 3));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(checkpoint)), "the checkpoints of two processes differ");
        Assert.True(state.AsSpan().SequenceEqual(File.ReadAllBytes(checkpoint + ".state")), "the optimiser states of two processes differ");
        Console.Error.WriteLine($"two training processes of 3 steps: {clock.Elapsed.TotalSeconds:0.0} s");

        // The checkpoint of step 3 beside the state of a 2-step run's step 2: one line naming both files and steps.
        string other = _song.Dir.File("determinism/other.safetensors");
        Assert.Equal(0, CliRunner.Run(TrainArgs(other, 2)).ExitCode);
        File.Copy(other + ".state", checkpoint + ".state", overwrite: true);
        var refused = CliRunner.Run(TrainArgs(checkpoint, 4, "--resume"));
        Assert.Equal(1, refused.ExitCode);
        string line = Assert.Single(refused.StderrLines);
        Assert.Contains($"{checkpoint} is from step 3", line);
        Assert.Contains($"{checkpoint}.state from step 2", line);
        Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(checkpoint)), "a refused resume changed the checkpoint");
    }

    [Fact]
    public void Training_that_diverges_exits_non_zero_in_one_line_and_writes_no_checkpoint()
    {
        string checkpoint = _song.Dir.File("diverged/alm.safetensors");
        var run = CliRunner.Run(TrainArgs(checkpoint, 4, "--lr", "1e7"));
        Assert.Equal(3, run.ExitCode);
        // Progress lines of the data read before it, then the error: one line, the last.
        string line = Assert.Single(run.StderrLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Equal(line, run.StderrLines[^1]);
        Assert.StartsWith("error: training diverged at step 1: tensor '", line);
        Assert.Contains("nothing was saved", line);
        Assert.False(Directory.Exists(Path.GetDirectoryName(checkpoint)) && Directory.EnumerateFiles(Path.GetDirectoryName(checkpoint)!).Any());
    }

    [Fact]
    public void A_checkpoint_with_a_NaN_or_absurd_weight_is_refused_by_eval_render_and_live_in_one_line()
    {
        string models = _song.Dir.File("damaged-models");
        Directory.CreateDirectory(models);
        string alm = Path.Combine(models, "alm.safetensors"), dmc = Path.Combine(models, "dmc.safetensors");
        LiveModels.Save(alm, new AiLiveModel(AiLiveConfig.MultiRate, new Random(1)), []);
        LiveModels.Save(dmc, new DmcModel(new Random(1)), []);
        LiveModels.Save(Path.Combine(models, "alm-sr.safetensors"), new AiLiveModel(AiLiveConfig.SingleRate, new Random(1)), []);   // sound, so eval has no note to print
        Damage(alm, "encoder1.linear1.weight", 12, float.NaN);
        Damage(dmc, "head.0.weight", 3, 1e30f);
        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        string mix = _song.Dir.File("damaged-mix.wav");
        string nan = $"{alm}: tensor 'encoder1.linear1.weight' has a non-finite value (NaN at index 12)";
        string absurd = $"{dmc}: tensor 'head.0.weight' has an absurd value (1E+30 at index 3;";
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["livemix", "eval", "--data", Dataset(), "--models", models, "--json"], nan),
            (["livemix", "eval", "--data", Dataset(), "--models", models, "--mixers", "dmc,dugan"], absurd),
            (["livemix", "render", "--in", folder, "--mixer", "alm", "--models", models, "--out", mix], nan),
            (["live", "--backend", "files", "--in", folder, "--out", mix, "--mixer", "alm", "--models", models], nan),
            (["live", "--backend", "files", "--in", folder, "--out", mix, "--mixer", "dmc", "--models", models], absurd),
        })
        {
            var run = CliRunner.Run(args);
            Assert.True(run.ExitCode == 1, $"{string.Join(' ', args)}: exit {run.ExitCode}, {run.Stderr}");
            Assert.Contains(expected, Assert.Single(run.StderrLines));
            Assert.Empty(run.Stdout);
            Assert.False(File.Exists(mix));
        }
    }

    /// <summary>Puts <paramref name="value"/> at <paramref name="index"/> of a checkpoint's tensor, as a damaged disk or a run gone wrong would.</summary>
    private static void Damage(string path, string tensor, int index, float value)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        tensors[tensor].Data[index] = value;
        SafeTensors.Save(path, tensors.Select(t => (t.Key, t.Value)), metadata);
    }

    [Fact]
    public void A_learned_mixer_without_its_checkpoint_and_channels_at_two_rates_are_refused_in_one_line()
    {
        string empty = _song.Dir.File("no-models");
        Directory.CreateDirectory(empty);
        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        var missing = CliRunner.Run("livemix", "render", "--in", folder, "--mixer", "alm", "--models", empty, "--out", _song.Dir.File("never-alm.wav"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("alm.safetensors", Assert.Single(missing.StderrLines));
        Assert.False(File.Exists(_song.Dir.File("never-alm.wav")));

        string bad = _song.Dir.File("two-rates");
        Directory.CreateDirectory(Path.Combine(bad, "inputs"));
        File.WriteAllBytes(Path.Combine(bad, "inputs", "a.wav"), WavBytes.Float32(44100, 1, WavBytes.Sine(220, 0.2, 44100, 2, 1)));
        File.WriteAllBytes(Path.Combine(bad, "inputs", "b.wav"), WavBytes.Float32(48000, 1, WavBytes.Sine(330, 0.2, 48000, 2, 1)));
        var refused = CliRunner.Run("livemix", "train", "--data", bad, "--model", "alm", "--steps", "2", "--out", _song.Dir.File("never.safetensors"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("48000 Hz", Assert.Single(refused.StderrLines));
        Assert.False(File.Exists(_song.Dir.File("never.safetensors")));
    }

    [Fact]
    public void Live_on_files_runs_the_engine_and_a_missing_JACK_server_is_one_clear_line()
    {
        var folder = Directory.GetDirectories(Dataset()).Order(StringComparer.Ordinal).First();
        string mix = _song.Dir.File("live-mix.wav");
        var run = CliRunner.Run("live", "--backend", "files", "--in", folder, "--out", mix, "--mixer", "dugan");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("mixed live by dugan", run.Stdout);
        Assert.True(new FileInfo(mix).Length > 2 * 12 * 44100 * 2);   // stereo

        var noServer = CliRunner.Run("live", "--backend", "jack", "--inputs", "2", "--server", "autofoh-nobody-home", "--seconds", "1");
        Assert.NotEqual(0, noServer.ExitCode);
        Assert.Contains("no JACK server named 'autofoh-nobody-home'", Assert.Single(noServer.StderrLines));
    }

    [Fact]
    public void Live_on_a_JACK_server_mixes_and_says_how_its_audio_thread_is_compiled()
    {
        // A real jackd (Debian's jackd2, dummy driver), started and stopped here; the CLI process must run
        // without tiered compilation, whose runtime suspensions cost xruns (docs/benchmarks.md).
        // Stopped with SIGTERM, as a user would: a killed jackd keeps its place in the machine's JACK registry.
        using var server = new AutoFoh.Testing.Jack.JackDummyServer($"autofoh-cli-{Environment.ProcessId}", periodFrames: 1024);
        var run = CliRunner.Run("live", "--backend", "jack", "--inputs", "4", "--mixer", "dugan", "--server", server.Name, "--seconds", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("tiered compilation off", run.Stderr);
        Assert.Contains("4 inputs at 48000 Hz, 1024-frame blocks, mixer dugan", run.Stderr);
        var cycles = System.Text.RegularExpressions.Regex.Match(run.Stdout, @"(\d+) cycles");
        Assert.True(cycles.Success, run.Stdout);
        Assert.True(long.Parse(cycles.Groups[1].Value) >= 40, run.Stdout);   // 2 s of 1024-frame cycles at 48 kHz is ~94
    }
}

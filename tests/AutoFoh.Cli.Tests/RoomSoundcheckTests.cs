using AutoFoh.Audio.Serialization;
using System.Text.Json;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// The live path end to end from files: a rendered rock song (FluidSynth) is the reference; `simulate`
/// records a line check and a laptop microphone in a simulated bar with the guitar moved; `soundcheck
/// --line-check --input` advises from them.
/// </summary>
public class RoomSoundcheckTests : IClassFixture<RockSong>
{
    private readonly RockSong _song;
    public RoomSoundcheckTests(RockSong song) => _song = song;

    private List<JsonElement> Soundcheck(double guitarDb, out string stderr, Action<string>? spoil = null) =>
        Soundcheck(guitarDb, out stderr, out _, spoil).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private string[] Soundcheck(double guitarDb, out string stderr, out string folder, Action<string>? spoil = null)
    {
        folder = _song.Dir.File($"room{guitarDb}-{spoil?.GetHashCode() ?? 0}");
        // Line check: the chorus at 30 s; the microphone: 20 s from the first verse, through a chorus.
        var simulate = CliRunner.Run("simulate", "--stems", _song.Stems, "--out", folder, "--passage-s", "30", "--section-s", "5", "--seconds", "20",
            "--gain", $"guitar={guitarDb}", "--seed", "3");
        Assert.True(simulate.ExitCode == 0, simulate.Stderr);
        spoil?.Invoke(Path.Combine(folder, "line-check"));
        var run = CliRunner.Run("soundcheck", "--reference", _song.Model, "--line-check", Path.Combine(folder, "line-check"), "--input", Path.Combine(folder, "mic.wav"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        stderr = run.Stderr;
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static List<JsonElement> Guitar(List<JsonElement> lines) => lines.Where(l => l.GetProperty("instrument").GetString() == "guitar").ToList();

    [Fact]
    public void A_guitar_12_dB_louder_than_at_the_line_check_gets_down_within_3_seconds_and_keeps_it()
    {
        var lines = Soundcheck(12, out _);
        foreach (var line in lines)
        {
            Assert.Contains(line.GetProperty("source").GetString(), new[] { "solo", "live" });
            Assert.Contains(line.GetProperty("flag").GetString(), new[] { "ok", "not_heard", "recheck" });
        }
        var guitar = Guitar(lines);
        Assert.Equal("solo", guitar[0].GetProperty("source").GetString());
        var live = guitar.Where(l => l.GetProperty("source").GetString() == "live").ToList();
        Assert.Equal(20, live.Count);
        // Within 3 seconds (the lines of seconds 1, 2, 3), and kept from then on.
        int first = live.FindIndex(l => l.GetProperty("advice").GetString() == "down");
        Assert.InRange(first, 0, 2);
        Assert.All(live.Skip(first), l => Assert.Equal("down", l.GetProperty("advice").GetString()));
        Assert.InRange(live[^1].GetProperty("offset_db").GetDouble(), -16, -8);
    }

    [Fact]
    public void The_command_prints_what_the_soundcheck_service_says_line_for_line()
    {
        var lines = Soundcheck(12, out _, out string folder);
        // The service the web app and the gym use, run here on the same files.
        var service = SoundcheckService.Default;
        var model = service.LoadReference(_song.Model);
        var run = service.Start(model, service.LoadLineCheck(Path.Combine(folder, "line-check"), model, _ => { }));
        var advice = run.SoloAdvice().Concat(run.Listen(service.ReadRecording(Path.Combine(folder, "mic.wav"), model, _ => { })).SelectMany(s => s.Advice));
        Assert.Equal(advice.Select(a => SnakeCaseJson.Serialize(SoundcheckLine.From(a))), lines);
        Assert.IsType<Soundcheck.LineCheck.LiveCoach>(run.Coach);
    }

    [Fact]
    public void A_guitar_12_dB_quieter_gets_up_within_3_seconds_and_keeps_it()
    {
        var live = Guitar(Soundcheck(-12, out _)).Where(l => l.GetProperty("source").GetString() == "live").ToList();
        int first = live.FindIndex(l => l.GetProperty("advice").GetString() == "up");
        Assert.InRange(first, 0, 2);
        Assert.All(live.Skip(first), l => Assert.Equal("up", l.GetProperty("advice").GetString()));
    }

    [Fact]
    public void When_only_the_guitar_is_too_loud_the_others_are_not_sent_up_to_match_it()
    {
        var live = Soundcheck(12, out _).Where(l => l.GetProperty("source").GetString() == "live").ToList();
        foreach (var name in live.Select(l => l.GetProperty("instrument").GetString()!).Distinct().Where(n => n != "guitar"))
        {
            var offsets = live.Where(l => l.GetProperty("instrument").GetString() == name).Select(l => l.GetProperty("offset_db").GetDouble()).Order().ToList();
            double median = offsets[offsets.Count / 2];
            Assert.True(Math.Abs(median) <= 6, $"{name}: median advice {median:+0.0;-0.0} dB while only the guitar moved");
        }
    }

    [Fact]
    public void At_the_line_check_balance_the_guitar_gets_stay_at_least_80_percent_of_the_time()
    {
        var live = Guitar(Soundcheck(0, out _)).Where(l => l.GetProperty("source").GetString() == "live").ToList();
        double stay = live.Count(l => l.GetProperty("advice").GetString() == "stay") / (double)live.Count;
        Assert.True(stay >= 0.8, $"stay {stay:P0}");
    }

    [Fact]
    public void A_missing_take_and_a_too_short_one_are_named_and_the_others_are_still_judged()
    {
        var lines = Soundcheck(12, out string stderr, folder =>
        {
            File.Delete(Path.Combine(folder, "keys.wav"));
            File.WriteAllBytes(Path.Combine(folder, "vocals.wav"), WavBytes.Float32(44100, 1, WavBytes.Sine(220, 0.2, 44100, 2, 1)));
        });
        Assert.Contains("no take for 'keys'", stderr);
        Assert.Contains("line check of 'vocals'", stderr);
        Assert.Contains("too short", stderr);
        var instruments = lines.Select(l => l.GetProperty("instrument").GetString()).Distinct().ToList();
        Assert.DoesNotContain("keys", instruments);
        Assert.DoesNotContain("vocals", instruments);
        Assert.Contains("guitar", instruments);
    }

    [Fact]
    public void Jack_input_and_a_missing_microphone_are_refused_with_one_line()
    {
        var jack = CliRunner.Run("soundcheck", "--reference", _song.Model, "--line-check", _song.Dir.Path, "--input", "jack");
        Assert.NotEqual(0, jack.ExitCode);
        Assert.Contains("record the microphone to a file and pass --input FILE", Assert.Single(jack.StderrLines));
        var noInput = CliRunner.Run("soundcheck", "--reference", _song.Model, "--line-check", _song.Dir.Path);
        Assert.NotEqual(0, noInput.ExitCode);
        Assert.Contains("--input", Assert.Single(noInput.StderrLines));
    }

    [Fact]
    public void A_reference_mix_without_demucs_installed_is_refused_with_one_line_and_no_model()
    {
        string model = _song.Dir.File("from-mix.safetensors");
        var run = CliRunner.Run(["reference", "build", "--mix", Path.Combine(_song.Stems, "guitar.wav"), "--out", model],
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("demucs", Assert.Single(run.StderrLines));
        Assert.False(File.Exists(model));
    }
}

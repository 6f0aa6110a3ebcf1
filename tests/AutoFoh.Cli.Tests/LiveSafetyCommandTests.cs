using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// `autofoh live --backend files` on a stage gone wrong: a bass with a DC offset of 0.9, a guitar 26 dB over full scale
/// with a 1e30 sample in it, and a vocal microphone that starts to feed back; the summary (`--json` and the lines a
/// person reads), the ceiling and the DC in the written mix.
/// </summary>
public sealed class LiveSafetyCommandTests : IDisposable
{
    private const int Rate = 48000;
    private const double Seconds = 4;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Stage()
    {
        string folder = _dir.File("stage");
        if (Directory.Exists(folder)) return folder;
        Directory.CreateDirectory(Path.Combine(folder, "inputs"));
        int length = (int)(Seconds * Rate);
        var random = new Random(5);
        var bass = new float[length];
        var guitar = new float[length];
        var vocals = new float[length];
        for (int n = 0; n < length; n++)
        {
            double t = n / (double)Rate;
            bass[n] = (float)(0.3 * Math.Sin(2 * Math.PI * 41.2 * t) + 0.9);
            guitar[n] = (float)(20 * Math.Sin(2 * Math.PI * 330 * t));
            vocals[n] = (float)(0.1 * Math.Sin(2 * Math.PI * 587 * t) + 0.01 * (random.NextDouble() * 2 - 1));
            // From 1.5 s a 2.7 kHz loop on the vocal microphone, from −50 dBFS, growing 60 dB a second to −10 dBFS.
            if (t >= 1.5) vocals[n] += (float)(Math.Pow(10, Math.Min(-50 + 60 * (t - 1.5), -10) / 20) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * 2700 * (t - 1.5)));
        }
        guitar[2 * Rate] = 1e30f;
        foreach (var (name, x) in new[] { ("bass", bass), ("guitar", guitar), ("vocals", vocals) })
            File.WriteAllBytes(Path.Combine(folder, "inputs", name + ".wav"), WavBytes.Float32(Rate, 1, x));
        return folder;
    }

    [Fact]
    public void Json_prints_one_object_with_the_feedback_events_fallbacks_output_peak_and_DC()
    {
        string mix = _dir.File("mix.wav");
        var run = CliRunner.Run("live", "--backend", "files", "--in", Stage(), "--out", mix, "--mixer", "dugan", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        string stdout = run.Stdout.Trim();
        Assert.StartsWith("{", stdout, StringComparison.Ordinal);
        Assert.EndsWith("}", stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(stdout);   // one document, nothing else
        var root = document.RootElement;
        Assert.Equal(["bad_samples_replaced", "fallbacks", "feedback_events", "mixer", "output_dc", "output_peak_dbfs", "seconds"],
            root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("dugan", root.GetProperty("mixer").GetString());
        Assert.Equal(Seconds, root.GetProperty("seconds").GetDouble(), 2);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("fallbacks").ValueKind);
        Assert.Empty(root.GetProperty("fallbacks").EnumerateArray());
        Assert.Equal(1, root.GetProperty("bad_samples_replaced").GetInt64());
        // The ceiling (−1 dBFS) held a guitar at +26 dBFS; the bass's offset is gone.
        Assert.InRange(root.GetProperty("output_peak_dbfs").GetDouble(), -1.1, -1);
        Assert.InRange(root.GetProperty("output_dc").GetDouble(), 0, 1e-3);

        var events = root.GetProperty("feedback_events").EnumerateArray().ToList();
        Assert.NotEmpty(events);
        Assert.Equal("notch", events[0].GetProperty("action").GetString());   // the gentle answer first
        foreach (var e in events)
        {
            Assert.Equal(["action", "channel", "depth_db", "frequency_hz", "time_s"], e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(3, e.GetProperty("channel").GetInt32());   // vocals, counted from 1 as the CLI shows channels
            Assert.Contains(e.GetProperty("action").GetString(), (string[])["notch", "deepen", "pull_down"]);
            Assert.InRange(e.GetProperty("frequency_hz").GetDouble(), 2650, 2750);
            Assert.InRange(e.GetProperty("depth_db").GetDouble(), -40, -6);
            Assert.InRange(e.GetProperty("time_s").GetDouble(), 1.5, Seconds);
        }

        // The file says the same: no sample over the ceiling, no offset.
        var written = AudioFile.ReadAll(mix);
        float ceiling = (float)Math.Pow(10, -1 / 20.0);
        for (int c = 0; c < written.Channels; c++)
        {
            var x = written[c];
            Assert.All(x, v => Assert.True(Math.Abs(v) <= ceiling, $"{v}"));
            Assert.True(Math.Abs(x.Average()) < 1e-3, $"channel {c + 1}: mean {x.Average()}");
        }
    }

    [Fact]
    public void The_summary_lists_the_events_and_a_lower_ceiling_holds_in_the_file()
    {
        string mix = _dir.File("quiet.wav");
        var run = CliRunner.Run("live", "--backend", "files", "--in", Stage(), "--out", mix, "--mixer", "dugan", "--ceiling-dbfs", "-6");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("mixed live by dugan", run.Stdout);
        Assert.Matches(@"output peak -6\.0 dBFS, DC 0\.000\d+, \d+ feedback events, 0 fallbacks, 1 bad samples replaced", run.Stdout);
        Assert.Matches(@"s  feedback  channel 3 at 2[67]\d\d Hz: notch -12 dB", run.Stdout);
        var written = AudioFile.ReadAll(mix);
        float ceiling = (float)Math.Pow(10, -6 / 20.0);
        for (int c = 0; c < written.Channels; c++) Assert.All(written[c], v => Assert.True(Math.Abs(v) <= ceiling, $"{v}"));
    }

    [Fact]
    public void Json_on_a_JACK_server_is_the_same_one_object_and_silence_has_no_peak()
    {
        // Nothing connected to the inputs: the mix is silence, whose peak in dBFS is not a number (null).
        using var server = new AutoFoh.Testing.Jack.JackDummyServer($"autofoh-cli-json-{Environment.ProcessId}", periodFrames: 1024);
        var run = CliRunner.Run("live", "--backend", "jack", "--inputs", "2", "--mixer", "dugan", "--server", server.Name, "--seconds", "1.5", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal(["bad_samples_replaced", "fallbacks", "feedback_events", "mixer", "output_dc", "output_peak_dbfs", "seconds"],
            root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("output_peak_dbfs").ValueKind);
        Assert.Equal(0, root.GetProperty("output_dc").GetDouble());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0.5);
        Assert.Contains("cycles", run.Stderr);   // the run's line goes to stderr
    }

    [Fact]
    public void A_ceiling_over_0_dBFS_and_json_with_serve_are_refused_in_one_line()
    {
        var high = CliRunner.Run("live", "--backend", "files", "--in", Stage(), "--out", _dir.File("never.wav"), "--ceiling-dbfs", "3");
        Assert.NotEqual(0, high.ExitCode);
        Assert.Contains("--ceiling-dbfs 3: between -60 and 0 dBFS", Assert.Single(high.StderrLines));
        var both = CliRunner.Run("live", "--backend", "files", "--in", Stage(), "--out", _dir.File("never.wav"), "--json", "--serve");
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("--json", Assert.Single(both.StderrLines));
        Assert.Equal("", both.Stdout);
        Assert.False(File.Exists(_dir.File("never.wav")));
    }
}

using System.Diagnostics;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// Bad input gets one clear line on stderr naming the file and what is wrong, a non-zero exit code,
/// no stack trace, and nothing on stdout (DESIGN.md, "Errors").
/// </summary>
public class BadInputTests
{
    private static void AssertOneClearLine(CliRun run, string fileName, string expectedWords)
    {
        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.Contains(fileName, line);
        Assert.Contains(expectedWords, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", line);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_missing_file()
    {
        using var dir = new TempFolder();
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("nope.wav")), "nope.wav", "not found");
    }

    [Fact]
    public void A_directory()
    {
        using var dir = new TempFolder();
        AssertOneClearLine(CliRunner.Run("analyze", dir.Path), dir.Path, "directory");
    }

    [Fact]
    public void A_file_that_is_not_audio()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("notes.txt"), "setlist: 1. Armygeddon 2. Chaos God\n");
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("notes.txt")), "notes.txt", "audio");
    }

    [Fact]
    public void A_truncated_header()
    {
        using var dir = new TempFolder();
        var wav = WavBytes.Pcm16(48000, 2, new short[200]);
        File.WriteAllBytes(dir.File("cut.wav"), wav[..22]);
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("cut.wav")), "cut.wav", "truncated");
    }

    [Fact]
    public void Truncated_data()
    {
        using var dir = new TempFolder();
        var wav = WavBytes.Build(1, 48000, 2, 16, new byte[1000], dataSizeClaim: 48000);
        File.WriteAllBytes(dir.File("short.wav"), wav);
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("short.wav")), "short.wav", "truncated");
    }

    [Fact]
    public void A_chunk_that_claims_4_GB()
    {
        using var dir = new TempFolder();
        var wav = WavBytes.Build(1, 48000, 2, 16, new byte[1000], dataSizeClaim: 0xFFFF_FFF0);
        File.WriteAllBytes(dir.File("huge.wav"), wav);
        var run = CliRunner.Run("analyze", dir.File("huge.wav"));
        AssertOneClearLine(run, "huge.wav", "truncated");
    }

    [Fact]
    public void Zero_samples()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("empty.wav"), WavBytes.Pcm16(48000, 2, []));
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("empty.wav")), "empty.wav", "no audio");
    }

    [Fact]
    public void An_unsupported_codec()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("odd.wav"), WavBytes.Build(0x1234, 48000, 2, 16, new byte[4000]));
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("odd.wav")), "odd.wav", "unsupported");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Inf")]
    public void Not_a_number_or_infinite_samples(float bad, string word)
    {
        using var dir = new TempFolder();
        var samples = WavBytes.Sine(440, 0.5, 48000, 1, 2);
        samples[2 * 1000 + 1] = bad;
        File.WriteAllBytes(dir.File("nan.wav"), WavBytes.Float32(48000, 2, samples));
        AssertOneClearLine(CliRunner.Run("analyze", dir.File("nan.wav")), "nan.wav", word);
    }

    [Fact]
    public void Mismatched_channel_counts_where_files_are_summed()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("mono.wav"), WavBytes.Float32(48000, 1, WavBytes.Sine(440, 0.5, 48000, 1, 1)));
        File.WriteAllBytes(dir.File("stereo.wav"), WavBytes.Float32(48000, 2, WavBytes.Sine(440, 0.5, 48000, 1, 2)));
        var run = CliRunner.Run("analyze", "--sum", dir.File("mono.wav"), dir.File("stereo.wav"));
        AssertOneClearLine(run, "mono.wav", "channel");
        Assert.Contains("stereo.wav", run.Stderr);
    }

    [Fact]
    public void A_compressed_file_without_ffmpeg_on_the_path_says_ffmpeg_is_missing()
    {
        using var dir = new TempFolder();
        MakeFlac(dir.File("tone.flac"));
        var run = CliRunner.Run(["analyze", dir.File("tone.flac")], new Dictionary<string, string> { ["PATH"] = "/nonexistent" });
        AssertOneClearLine(run, "tone.flac", "ffmpeg");
    }

    [Fact]
    public void With_verbose_the_stack_trace_is_shown()
    {
        using var dir = new TempFolder();
        var run = CliRunner.Run("analyze", dir.File("nope.wav"), "--verbose");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("   at ", run.Stderr);
    }

    [Fact]
    public void A_good_file_among_bad_ones_is_still_reported_and_the_exit_code_says_something_failed()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("good.wav"), WavBytes.Float32(48000, 2, WavBytes.Sine(1000, 0.1, 48000, 3, 2)));
        var run = CliRunner.Run("analyze", dir.File("good.wav"), dir.File("missing.wav"), "--json");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.Contains("good.wav", run.Stdout);
        Assert.DoesNotContain("missing.wav", run.Stdout);
    }

    internal static void MakeFlac(string path)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=3", "-ac", "2", path])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make {path}: {error}");
    }
}

using System.Text.Json;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// On the four real songs of Debian's fretsonfire-songs-muldjord (guitar.ogg, song.ogg and their sum),
/// `autofoh analyze` agrees with ffmpeg's ebur128 filter: integrated loudness within 0.1 LU, loudness
/// range within 1 LU, true peak within 0.3 dB. ./test fetches the songs (scripts/install-deps.sh).
/// </summary>
public class RealSongLoudnessTests
{
    public static TheoryData<string> Songs => new() { "armygeddon", "chaos_god", "internal_degeneration", "mutilated_mime" };

    [Theory]
    [MemberData(nameof(Songs))]
    public void Loudness_agrees_with_ffmpeg_ebur128(string song)
    {
        string dir = Path.Combine(CliRunner.SongsRoot, song);
        string guitar = Path.Combine(dir, "guitar.ogg"), band = Path.Combine(dir, "song.ogg");
        Assert.True(File.Exists(guitar), $"{guitar} is missing: run scripts/install-deps.sh");

        var separate = CliRunner.Run("analyze", guitar, band, "--json");
        Assert.True(separate.ExitCode == 0, separate.Stderr);
        var summed = CliRunner.Run("analyze", "--sum", guitar, band, "--json");
        Assert.True(summed.ExitCode == 0, summed.Stderr);
        using var separateDoc = JsonDocument.Parse(separate.Stdout);
        using var summedDoc = JsonDocument.Parse(summed.Stdout);

        var cases = new (string Name, JsonElement Ours, FfmpegLoudness Reference)[]
        {
            ("guitar", separateDoc.RootElement[0], FfmpegLoudness.Measure(guitar)),
            ("song", separateDoc.RootElement[1], FfmpegLoudness.Measure(band)),
            ("sum", summedDoc.RootElement[0], FfmpegLoudness.Measure(guitar, band)),
        };
        foreach (var (name, ours, reference) in cases)
        {
            double integrated = ours.GetProperty("integrated_lufs").GetDouble();
            double range = ours.GetProperty("loudness_range_lu").GetDouble();
            double truePeak = ours.GetProperty("true_peak_dbtp").GetDouble();
            Assert.True(Math.Abs(integrated - reference.IntegratedLufs) <= 0.1, $"{song}/{name}: integrated {integrated:F3} vs ffmpeg {reference.IntegratedLufs:F3} LUFS");
            Assert.True(Math.Abs(range - reference.LoudnessRangeLu) <= 1.0, $"{song}/{name}: LRA {range:F2} vs ffmpeg {reference.LoudnessRangeLu:F2} LU");
            Assert.True(Math.Abs(truePeak - reference.TruePeakDbtp) <= 0.3, $"{song}/{name}: true peak {truePeak:F2} vs ffmpeg {reference.TruePeakDbtp:F2} dBTP");
        }
    }
}

using AutoFoh.Audio;
using AutoFoh.Mastering.Mixing;

namespace AutoFoh.Mastering.Tests.Mixing;

public class MixStemsTests
{
    private static string Write(TempFolder folder, string name, int rate, params float[][] channels)
    {
        string path = folder.File(name);
        AudioFile.Write(path, new AudioBuffer(rate, channels), WavSampleFormat.Float32);
        return path;
    }

    private static float[] Ramp(int frames, float scale = 1e-4f) => Enumerable.Range(0, frames).Select(i => i * scale % 0.5f).ToArray();

    [Fact]
    public void Mono_and_stereo_stems_of_different_lengths_and_rates_mix_at_the_common_rate_padded_with_silence()
    {
        using var folder = new TempFolder();
        var a = Write(folder, "bass.wav", 44100, Ramp(44100));
        var b = Write(folder, "keys.wav", 44100, Ramp(22050), Ramp(22050));
        var c = Write(folder, "vocals.wav", 48000, Ramp(48000));
        var stems = MixStems.Open([a, b, c]);
        Assert.Equal(44100, stems.SampleRateHz);
        Assert.Equal(44100, stems.Frames);
        Assert.Equal(["bass", "keys", "vocals"], stems.Names);
        Assert.Equal([1, 2, 1], stems.Stems.Select(s => s.Channels));

        var keys = stems.ReadAll(1);
        Assert.Equal(2, keys.Length);
        Assert.Equal(44100, keys[0].Length);
        Assert.Equal(Ramp(22050), keys[0][..22050]);
        Assert.All(keys[1][22050..], v => Assert.Equal(0f, v));

        var vocals = stems.ReadAll(2);
        Assert.Equal(44100, vocals[0].Length);
        // Resampled, not truncated: one second at 48 kHz is one second at 44.1 kHz, its ramp's level kept.
        Assert.InRange(vocals[0][30000], Ramp(48000)[(int)(30000 * 48000L / 44100)] - 0.01f, Ramp(48000)[(int)(30000 * 48000L / 44100)] + 0.01f);
    }

    [Fact]
    public void Streaming_equals_reading_whole_whatever_the_block()
    {
        using var folder = new TempFolder();
        var path = Write(folder, "gtr.wav", 48000, Ramp(30001), Ramp(30001, 2e-4f));
        var other = Write(folder, "b.wav", 44100, Ramp(30000));
        var stems = MixStems.Open([path, other]);
        var whole = stems.ReadAll(0);
        using var stream = stems.OpenStream(0);
        var block = new[] { new float[777], new float[777] };
        var joined = new[] { new List<float>(), new List<float>() };
        for (long start = 0; start < stems.Frames; start += 777)
        {
            int n = (int)Math.Min(777, stems.Frames - start);
            stream.Read(block, n);
            for (int c = 0; c < 2; c++) joined[c].AddRange(block[c].Take(n));
        }
        Assert.Equal(whole[0], joined[0]);
        Assert.Equal(whole[1], joined[1]);
    }

    [Fact]
    public void Bad_sets_of_stems_are_refused_by_name()
    {
        using var folder = new TempFolder();
        Assert.Contains("no stems given", Assert.Throws<ArgumentException>(() => MixStems.Open([])).Message);
        var one = Write(folder, "a.wav", 44100, Ramp(100));
        var many = Enumerable.Repeat(one, 65).ToArray();
        Assert.Contains("65 stems given; a mix takes at most 64", Assert.Throws<ArgumentException>(() => MixStems.Open(many)).Message);
        var surround = Write(folder, "surround.wav", 44100, Ramp(100), Ramp(100), Ramp(100));
        var error = Assert.Throws<AudioFormatException>(() => MixStems.Open([one, surround]));
        Assert.Contains("surround.wav", error.Message);
        Assert.Contains("3 channels", error.Message);
        Directory.CreateDirectory(folder.File("x"));
        var twin = Write(folder, Path.Combine("x", "a.wav"), 44100, Ramp(100));
        Assert.Contains("two stems are named 'a'", Assert.Throws<ArgumentException>(() => MixStems.Open([one, twin])).Message);
        Assert.Contains("missing.wav", Assert.Throws<AudioFormatException>(() => MixStems.Open([folder.File("missing.wav")])).Message);
    }
}

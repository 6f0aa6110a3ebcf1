using System.Buffers.Binary;

namespace AutoFoh.Audio.Tests;

/// <summary>Every kind of bad input gets an <see cref="AudioFormatException"/> naming the file and the problem.</summary>
public class BadInputTests
{
    private static byte[] ValidWav(int frames = 100, int channels = 2)
    {
        using var dir = new TempFolder();
        string path = dir.File("v.wav");
        using (var writer = new WavWriter(path, 48000, channels, WavSampleFormat.Pcm16))
        {
            writer.Write(Enumerable.Range(0, frames * channels).Select(k => (float)Math.Sin(k * 0.1) * 0.5f).ToArray());
            writer.Complete();
        }
        return File.ReadAllBytes(path);
    }

    private static AudioFormatException Refused(byte[] bytes, string name = "bad.wav") => Assert.Throws<AudioFormatException>(() =>
    {
        using var reader = WavReader.Open(new MemoryStream(bytes), name);
        var block = new float[4096 * reader.Channels];
        while (reader.Read(block) > 0) { }
    });

    private static int DataSizeOffset(byte[] wav) => wav.AsSpan().IndexOf("data"u8) + 4;

    [Fact]
    public void A_missing_file()
    {
        var error = Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead("/nonexistent/take.wav"));
        Assert.Equal("/nonexistent/take.wav: file not found", error.Message);
    }

    [Fact]
    public void A_directory()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead(dir.Path));
        Assert.Contains("directory", error.Message);
        Assert.StartsWith(dir.Path, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_audio_goes_to_ffmpeg_which_refuses_it()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("notes.txt"), "not audio at all\n");
        var error = Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead(dir.File("notes.txt")));
        Assert.Contains("notes.txt", error.Message);
        Assert.Contains("not an audio file", error.Message);
    }

    [Fact]
    public void An_empty_file()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir.File("empty.wav"), []);
        Assert.Contains("empty", Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead(dir.File("empty.wav"))).Message);
    }

    [Fact]
    public void A_truncated_header()
    {
        var wav = ValidWav();
        foreach (int cut in new[] { 4, 11, 20, 30, 50 })
            Assert.Contains("truncated", Refused(wav[..cut]).Message);
    }

    [Fact]
    public void Truncated_data()
    {
        var wav = ValidWav();
        Assert.Contains("truncated data", Refused(wav[..(wav.Length - 10)]).Message);
    }

    [Fact]
    public void A_chunk_that_claims_4_GB_is_refused_before_anything_is_allocated()
    {
        var wav = ValidWav();
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(DataSizeOffset(wav)), 0xFFFF_FFF0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Refused(wav);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("claims 4294967280 bytes", error.Message);
    }

    [Fact]
    public void An_unknown_chunk_that_claims_4_GB()
    {
        var wav = ValidWav();
        // Turn the JUNK padding chunk into one that claims nearly 4 GB.
        int junk = wav.AsSpan().IndexOf("JUNK"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(junk + 4), 0xFFFF_FFF0);
        Assert.Contains("JUNK", Refused(wav).Message);
    }

    [Fact]
    public void Zero_samples()
    {
        using var dir = new TempFolder();
        string path = dir.File("zero.wav");
        using (var writer = new WavWriter(path, 48000, 2)) writer.Complete();
        Assert.Equal($"{path}: holds no audio samples (0 frames)", Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead(path)).Message);
    }

    [Fact]
    public void An_unsupported_codec()
    {
        var wav = ValidWav();
        int fmt = wav.AsSpan().IndexOf("fmt "u8);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(fmt + 8), 0x1234);
        var error = Refused(wav);
        Assert.Contains("unsupported codec", error.Message);
        Assert.Contains("0x1234", error.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.NegativeInfinity, "Inf")]
    public void Not_a_number_or_infinite_samples_name_the_frame_and_channel(float bad, string word)
    {
        using var dir = new TempFolder();
        string path = dir.File("nan.wav");
        var samples = new float[2 * 1000];
        samples[2 * 700 + 1] = bad;
        using (var writer = new WavWriter(path, 48000, 2, WavSampleFormat.Float32)) { writer.Write(samples); writer.Complete(); }
        var error = Assert.Throws<AudioFormatException>(() => AudioFile.ReadAll(path));
        Assert.Contains("frame 700, channel 2", error.Message);
        Assert.Contains(word, error.Message);
    }

    [Fact]
    public void Mixing_files_with_different_channel_counts_or_rates_names_both()
    {
        using var dir = new TempFolder();
        AudioFile.Write(dir.File("mono.wav"), new AudioBuffer(48000, 1, 10));
        AudioFile.Write(dir.File("stereo.wav"), new AudioBuffer(48000, 2, 10));
        AudioFile.Write(dir.File("slow.wav"), new AudioBuffer(44100, 1, 10));
        var channels = Assert.Throws<AudioFormatException>(() => new MixReader(AudioFile.OpenRead(dir.File("mono.wav")), AudioFile.OpenRead(dir.File("stereo.wav"))));
        Assert.Contains("stereo.wav", channels.Message);
        Assert.Contains("mono.wav", channels.Message);
        Assert.Contains("channels", channels.Message);
        var rates = Assert.Throws<AudioFormatException>(() => new MixReader(AudioFile.OpenRead(dir.File("mono.wav")), AudioFile.OpenRead(dir.File("slow.wav"))));
        Assert.Contains("44100 Hz", rates.Message);
    }

    [Fact]
    public void Without_ffmpeg_on_the_path_a_compressed_file_says_ffmpeg_is_needed()
    {
        using var dir = new TempFolder();
        string path = dir.File("tone.ogg");
        File.WriteAllBytes(path, [0x4F, 0x67, 0x67, 0x53, 0, 2, 0, 0]);
        string? saved = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", "/nonexistent");
            var error = Assert.Throws<AudioFormatException>(() => AudioFile.OpenRead(path));
            Assert.Contains("tone.ogg", error.Message);
            Assert.Contains("ffmpeg", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", saved);
        }
    }
}

namespace AutoFoh.Audio.Tests;

public class WavRoundTripTests
{
    public static TheoryData<WavSampleFormat, int> Formats()
    {
        var data = new TheoryData<WavSampleFormat, int>();
        foreach (var format in Enum.GetValues<WavSampleFormat>())
            foreach (int channels in new[] { 1, 2, 6, 16 })
                data.Add(format, channels);
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_and_channel_count_reads_back_what_was_written(WavSampleFormat format, int channels)
    {
        using var dir = new TempFolder();
        var random = new Random(channels);
        var samples = Enumerable.Range(0, 1001 * channels).Select(_ => (float)(random.NextDouble() * 1.8 - 0.9)).ToArray();
        string path = dir.File("x.wav");
        using (var writer = new WavWriter(path, 44100, channels, format))
        {
            writer.Write(samples.AsSpan(0, 500 * channels));
            writer.Write(samples.AsSpan(500 * channels));
            writer.Complete();
        }
        using var reader = WavReader.Open(path);
        Assert.Equal(44100, reader.SampleRateHz);
        Assert.Equal(channels, reader.Channels);
        Assert.Equal(format, reader.Format);
        Assert.Equal(1001, reader.FrameCount);
        var back = new float[samples.Length + 10 * channels];
        int frames = reader.Read(back);
        Assert.Equal(1001, frames);
        Assert.Equal(0, reader.Read(back));
        // Quantisation error is at most half a step of the format.
        double step = format switch
        {
            WavSampleFormat.Pcm8 => 1 / 128.0,
            WavSampleFormat.Pcm16 => 1 / 32768.0,
            WavSampleFormat.Pcm24 => 1 / 8388608.0,
            _ => 0,
        };
        for (int k = 0; k < samples.Length; k++) Assert.True(Math.Abs(samples[k] - back[k]) <= step / 2 + 1e-7, $"sample {k}: {samples[k]} vs {back[k]}");
    }

    [Fact]
    public void Pcm_clips_out_of_range_samples_instead_of_wrapping()
    {
        using var dir = new TempFolder();
        string path = dir.File("clip.wav");
        using (var writer = new WavWriter(path, 8000, 1, WavSampleFormat.Pcm16)) { writer.Write([1.5f, -2f, 1f, -1f]); writer.Complete(); }
        var buffer = AudioFile.ReadAll(path);
        Assert.Equal([32767 / 32768f, -1f, 32767 / 32768f, -1f], buffer[0]);
    }

    [Fact]
    public void Files_written_by_ffmpeg_read_the_same_as_ffmpeg_decodes_them()
    {
        using var dir = new TempFolder();
        foreach (var (codec, name) in new[] { ("pcm_s16le", "s16.wav"), ("pcm_s24le", "s24.wav"), ("pcm_f32le", "f32.wav"), ("pcm_u8", "u8.wav") })
        {
            string path = dir.File(name);
            Ffmpeg.Run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=0.5", "-ac", "3", "-c:a", codec, path);
            var ours = AudioFile.ReadAll(path);
            using var viaFfmpeg = FfmpegReader.Open(path);
            var theirs = AudioFile.ReadAll(viaFfmpeg);
            Assert.Equal(3, ours.Channels);
            Assert.Equal(theirs.Frames, ours.Frames);
            for (int c = 0; c < 3; c++)
                for (int n = 0; n < ours.Frames; n += 7) Assert.Equal(theirs[c][n], ours[c][n], 6);
        }
    }

    [Fact]
    public void An_unfinished_writer_leaves_nothing_behind()
    {
        using var dir = new TempFolder();
        string path = dir.File("never.wav");
        using (var writer = new WavWriter(path, 8000, 1)) writer.Write(new float[100]);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Reading_a_long_multichannel_file_streams_with_bounded_memory()
    {
        using var dir = new TempFolder();
        string path = dir.File("long.wav");
        const int channels = 16, rate = 48000, seconds = 60;
        var block = new float[rate * channels];
        using (var writer = new WavWriter(path, rate, channels, WavSampleFormat.Pcm24))
        {
            for (int s = 0; s < seconds; s++) writer.Write(block);
            writer.Complete();
        }
        long fileBytes = new FileInfo(path).Length; // 138 MB
        var read = new float[4096 * channels];
        long before = GC.GetAllocatedBytesForCurrentThread();
        long frames = 0;
        using (var reader = AudioFile.OpenRead(path))
        {
            int n;
            while ((n = reader.Read(read)) > 0) frames += n;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((long)rate * seconds, frames);
        Assert.True(allocated < 1_000_000, $"reading a {fileBytes / 1e6:F0} MB file allocated {allocated / 1e6:F1} MB");
    }

    [Fact]
    public void Compressed_formats_decode_through_ffmpeg()
    {
        using var dir = new TempFolder();
        string path = dir.File("tone.flac");
        Ffmpeg.Run("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=2", "-ac", "2", path);
        using var reader = AudioFile.OpenRead(path);
        Assert.IsType<FfmpegReader>(reader);
        Assert.Equal(44100, reader.SampleRateHz);
        Assert.Equal(2, reader.Channels);
        var buffer = AudioFile.ReadAll(reader);
        Assert.Equal(88200, buffer.Frames);
        Assert.Equal(2896 / 32768.0, buffer[0].Max(), 3); // lavfi's sine peaks at -21.07 dBFS
    }

    [Fact]
    public void A_mix_sums_its_inputs_and_runs_as_long_as_the_longest()
    {
        using var dir = new TempFolder();
        AudioFile.Write(dir.File("a.wav"), new AudioBuffer(8000, [[0.1f, 0.2f, 0.3f]]));
        AudioFile.Write(dir.File("b.wav"), new AudioBuffer(8000, [[0.5f, 0.5f]]));
        using var mix = new MixReader(AudioFile.OpenRead(dir.File("a.wav")), AudioFile.OpenRead(dir.File("b.wav")));
        var sum = AudioFile.ReadAll(mix);
        Assert.Equal([0.6f, 0.7f, 0.3f], sum[0]);
    }
}

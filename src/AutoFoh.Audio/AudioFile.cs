namespace AutoFoh.Audio;

/// <summary>Opening, reading and writing audio files by path.</summary>
public static class AudioFile
{
    /// <summary>The file extensions (lower case, with the dot) the project treats as audio in a folder.</summary>
    public static readonly string[] Extensions = [".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aif", ".aiff", ".opus"];

    /// <summary>Whether <paramref name="path"/>'s extension is one of <see cref="Extensions"/>.</summary>
    public static bool HasAudioExtension(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The audio files directly in <paramref name="folder"/>, in ordinal order of their paths.</summary>
    public static string[] InFolder(string folder) => Directory.GetFiles(folder).Where(HasAudioExtension).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Opens <paramref name="path"/> for streaming. WAV (recognised by its RIFF/WAVE header, not its name)
    /// is read natively; anything else, and WAV codecs other than PCM and float, go through ffmpeg.
    /// Missing files, folders, empty files and files with no audio frames are refused with one clear line.
    /// </summary>
    public static IAudioReader OpenRead(string path)
    {
        if (Directory.Exists(path)) throw new AudioFormatException(path, "is a directory, not an audio file");
        if (!File.Exists(path)) throw new AudioFormatException(path, "file not found");
        long length = new FileInfo(path).Length;
        if (length == 0) throw new AudioFormatException(path, "the file is empty (0 bytes)");
        IAudioReader reader;
        if (LooksLikeWav(path))
        {
            try
            {
                reader = WavReader.Open(path);
            }
            catch (AudioFormatException unsupported) when (unsupported.Problem.StartsWith("unsupported codec", StringComparison.Ordinal))
            {
                // ffmpeg knows A-law, mu-law, ADPCM...; if it cannot read it either, the WAV reader's message is the clearer one.
                try { reader = FfmpegReader.Open(path); }
                catch (AudioFormatException) { throw unsupported; }
            }
        }
        else reader = FfmpegReader.Open(path);
        if (reader.FrameCount == 0)
        {
            reader.Dispose();
            throw new AudioFormatException(path, "holds no audio samples (0 frames)");
        }
        return reader;
    }

    /// <summary>Reads a whole file into memory.</summary>
    public static AudioBuffer ReadAll(string path)
    {
        using var reader = OpenRead(path);
        return ReadAll(reader);
    }

    public static AudioBuffer ReadAll(IAudioReader reader)
    {
        int channels = reader.Channels;
        var planar = Enumerable.Range(0, channels).Select(_ => new List<float>(reader.FrameCount is long n && n < int.MaxValue ? (int)n : 0)).ToArray();
        var block = new float[8192 * channels];
        int frames;
        while ((frames = reader.Read(block)) > 0)
            for (int f = 0; f < frames; f++)
                for (int c = 0; c < channels; c++) planar[c].Add(block[f * channels + c]);
        if (planar[0].Count == 0) throw new AudioFormatException(reader.Path, "holds no audio samples (0 frames)");
        return new AudioBuffer(reader.SampleRateHz, planar.Select(p => p.ToArray()).ToArray());
    }

    /// <summary>Writes <paramref name="buffer"/> as a WAV file, atomically (temp file, then rename).</summary>
    public static void Write(string path, AudioBuffer buffer, WavSampleFormat format = WavSampleFormat.Float32)
    {
        using var writer = new WavWriter(path, buffer.SampleRateHz, buffer.Channels, format);
        var block = new float[4096 * buffer.Channels];
        for (int start = 0; start < buffer.Frames; start += 4096)
        {
            int count = Math.Min(4096, buffer.Frames - start);
            buffer.CopyInterleaved(start, count, block);
            writer.Write(block.AsSpan(0, count * buffer.Channels));
        }
        writer.Complete();
    }

    private static bool LooksLikeWav(string path)
    {
        Span<byte> magic = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        int n = stream.ReadAtLeast(magic, 12, throwOnEndOfStream: false);
        // RIFF....WAVE, or a RIFF header too short to say: let the WAV reader report the truncation.
        return n >= 4 && (magic[..4].SequenceEqual("RIFF"u8) || magic[..4].SequenceEqual("RF64"u8)) && (n < 12 || magic[8..12].SequenceEqual("WAVE"u8));
    }
}

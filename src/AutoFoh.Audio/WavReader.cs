using System.Buffers.Binary;

namespace AutoFoh.Audio;

/// <summary>
/// Streaming WAV reader (RIFF/WAVE, Microsoft's 1991 multimedia spec and its WAVE_FORMAT_EXTENSIBLE
/// addendum): PCM 8/16/24/32-bit and IEEE float 32/64, any channel count. Every size the header claims
/// is checked against the actual length of the stream before anything is allocated or read, so a
/// damaged file is refused with one clear line instead of exhausting memory. Unknown chunks are
/// skipped (with their odd-size pad byte).
/// </summary>
public sealed class WavReader : IAudioReader
{
    private const ushort FormatPcm = 0x0001;
    private const ushort FormatFloat = 0x0003;
    private const ushort FormatExtensible = 0xFFFE;
    private const int MaxChannels = 1024;
    private const int BlockBytes = 1 << 16;

    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00aa00389b71}; the first two bytes carry the tag.
    private static readonly byte[] SubformatGuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly byte[] _buffer;
    private readonly int _bytesPerSample;
    private readonly int _blockAlign;
    private long _framesLeft;
    private long _framesRead;

    private WavReader(Stream stream, bool ownsStream, string path, int sampleRateHz, int channels, WavSampleFormat format, long frames, int blockAlign)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        Path = path;
        SampleRateHz = sampleRateHz;
        Channels = channels;
        Format = format;
        FrameCount = frames;
        _framesLeft = frames;
        _bytesPerSample = format.BytesPerSample();
        _blockAlign = blockAlign;
        _buffer = new byte[Math.Max(blockAlign, BlockBytes / blockAlign * blockAlign)];
    }

    public string Path { get; }
    public int SampleRateHz { get; }
    public int Channels { get; }
    public WavSampleFormat Format { get; }
    public long? FrameCount { get; }

    public static WavReader Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException) { throw new AudioFormatException(path, "file not found"); }
        catch (DirectoryNotFoundException) { throw new AudioFormatException(path, "file not found"); }
        catch (UnauthorizedAccessException) { throw new AudioFormatException(path, Directory.Exists(path) ? "is a directory, not an audio file" : "permission denied"); }
        try
        {
            return Open(stream, path, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a WAV from a seekable stream (tests and fuzzing use memory streams).</summary>
    public static WavReader Open(Stream stream, string name, bool ownsStream = false)
    {
        if (!stream.CanSeek) throw new ArgumentException("the WAV reader needs a seekable stream", nameof(stream));
        long length = stream.Length - stream.Position;
        Span<byte> header = stackalloc byte[12];
        if (!TryReadExactly(stream, header)) throw new AudioFormatException(name, $"truncated header: {length} bytes, a WAV file starts with 12");
        if (!header[..4].SequenceEqual("RIFF"u8))
            throw new AudioFormatException(name, header[..4].SequenceEqual("RF64"u8) ? "RF64 (WAV over 4 GB) is not supported" : "not a WAV file (no RIFF header)");
        if (!header[8..12].SequenceEqual("WAVE"u8)) throw new AudioFormatException(name, "not a WAV file (RIFF but not WAVE)");

        ushort formatTag = 0, channels = 0, bitsPerSample = 0, blockAlign = 0, validBits = 0;
        uint sampleRate = 0;
        bool haveFormat = false;
        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[40];
        while (true)
        {
            long chunkStart = stream.Position;
            if (!TryReadExactly(stream, chunkHeader))
                throw new AudioFormatException(name, haveFormat ? "truncated: no data chunk" : "truncated header: no fmt chunk");
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            long remaining = stream.Length - stream.Position;
            var id = chunkHeader[..4];
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16) throw new AudioFormatException(name, $"fmt chunk of {size} bytes is too short (needs 16)");
                if (size > remaining) throw new AudioFormatException(name, $"truncated header: fmt chunk claims {size} bytes, {remaining} remain");
                int take = (int)Math.Min(size, 40);
                if (!TryReadExactly(stream, fmt[..take])) throw new AudioFormatException(name, "truncated header in fmt chunk");
                formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
                bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (formatTag == FormatExtensible)
                {
                    if (take < 40) throw new AudioFormatException(name, $"WAVE_FORMAT_EXTENSIBLE fmt chunk of {size} bytes is too short (needs 40)");
                    validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
                    var guid = fmt[24..40];
                    if (!guid[2..].SequenceEqual(SubformatGuidTail))
                        throw new AudioFormatException(name, "unsupported codec: WAVE_FORMAT_EXTENSIBLE with an unknown subformat GUID");
                    formatTag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
                }
                haveFormat = true;
                stream.Position = chunkStart + 8 + size + (size & 1);
                continue;
            }
            if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat) throw new AudioFormatException(name, "data chunk before the fmt chunk");
                var format = CheckFormat(name, formatTag, channels, sampleRate, bitsPerSample, blockAlign, validBits);
                if (size > remaining)
                    throw new AudioFormatException(name, $"truncated data: the data chunk claims {size} bytes but only {remaining} remain");
                if (size % blockAlign != 0)
                    throw new AudioFormatException(name, $"data chunk of {size} bytes is not a whole number of {blockAlign}-byte frames");
                return new WavReader(stream, ownsStream, name, (int)sampleRate, channels, format, size / blockAlign, blockAlign);
            }
            // Any other chunk (LIST, bext, fact, JUNK...): skip it, checking the claim first.
            long skip = size + (size & 1);
            if (skip > remaining) throw new AudioFormatException(name, $"truncated: chunk '{Printable(id)}' claims {size} bytes, {remaining} remain");
            stream.Position += skip;
        }
    }

    public int Read(Span<float> interleaved)
    {
        if (interleaved.Length % Channels != 0)
            throw new ArgumentException($"buffer of {interleaved.Length} samples is not a whole number of {Channels}-channel frames", nameof(interleaved));
        int wanted = (int)Math.Min(_framesLeft, interleaved.Length / Channels);
        int done = 0;
        while (done < wanted)
        {
            int frames = Math.Min(wanted - done, _buffer.Length / _blockAlign);
            var bytes = _buffer.AsSpan(0, frames * _blockAlign);
            if (!TryReadExactly(_stream, bytes))
                throw new AudioFormatException(Path, $"truncated data: the file ended at frame {_framesRead + done} of {FrameCount}");
            Decode(bytes, interleaved.Slice(done * Channels, frames * Channels), frames);
            CheckFinite(interleaved.Slice(done * Channels, frames * Channels), _framesRead + done);
            done += frames;
        }
        _framesLeft -= done;
        _framesRead += done;
        return done;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }

    private void Decode(ReadOnlySpan<byte> bytes, Span<float> output, int frames)
    {
        int channels = Channels, stride = _blockAlign, size = _bytesPerSample;
        switch (Format)
        {
            case WavSampleFormat.Pcm8:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++) output[f * channels + c] = (bytes[f * stride + c] - 128) / 128f;
                break;
            case WavSampleFormat.Pcm16:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++)
                        output[f * channels + c] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(f * stride + c * size)..]) / 32768f;
                break;
            case WavSampleFormat.Pcm24:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++)
                    {
                        int at = f * stride + c * 3;
                        int v = bytes[at] | bytes[at + 1] << 8 | (sbyte)bytes[at + 2] << 16;
                        output[f * channels + c] = v / 8388608f;
                    }
                break;
            case WavSampleFormat.Pcm32:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++)
                        output[f * channels + c] = (float)(BinaryPrimitives.ReadInt32LittleEndian(bytes[(f * stride + c * size)..]) / 2147483648.0);
                break;
            case WavSampleFormat.Float32:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++)
                        output[f * channels + c] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(f * stride + c * size)..]);
                break;
            case WavSampleFormat.Float64:
                for (int f = 0; f < frames; f++)
                    for (int c = 0; c < channels; c++)
                        output[f * channels + c] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(f * stride + c * size)..]);
                break;
        }
    }

    private void CheckFinite(ReadOnlySpan<float> samples, long firstFrame)
    {
        if (!Format.IsFloat()) return;
        for (int k = 0; k < samples.Length; k++)
            if (!float.IsFinite(samples[k]))
                throw new AudioFormatException(Path, $"sample at frame {firstFrame + k / Channels}, channel {k % Channels + 1} is {(float.IsNaN(samples[k]) ? "NaN" : "Inf")} (not a number or infinite)");
    }

    private static WavSampleFormat CheckFormat(string name, ushort tag, ushort channels, uint sampleRate, ushort bits, ushort blockAlign, ushort validBits)
    {
        if (channels == 0) throw new AudioFormatException(name, "the fmt chunk says 0 channels");
        if (channels > MaxChannels) throw new AudioFormatException(name, $"{channels} channels: at most {MaxChannels} are supported");
        if (sampleRate is 0 or > 1_536_000) throw new AudioFormatException(name, $"sample rate {sampleRate} Hz is not valid");
        WavSampleFormat format = (tag, bits) switch
        {
            (FormatPcm, 8) => WavSampleFormat.Pcm8,
            (FormatPcm, 16) => WavSampleFormat.Pcm16,
            (FormatPcm, 24) => WavSampleFormat.Pcm24,
            (FormatPcm, 32) => WavSampleFormat.Pcm32,
            (FormatFloat, 32) => WavSampleFormat.Float32,
            (FormatFloat, 64) => WavSampleFormat.Float64,
            (FormatPcm or FormatFloat, _) => throw new AudioFormatException(name, $"unsupported sample size: {bits}-bit {(tag == FormatFloat ? "float" : "PCM")}"),
            _ => throw new AudioFormatException(name, $"unsupported codec: WAV format tag 0x{tag:X4} ({CodecName(tag)}); convert it to PCM or float, e.g. with ffmpeg"),
        };
        if (validBits > bits) throw new AudioFormatException(name, $"{validBits} valid bits in a {bits}-bit container");
        int expectedAlign = channels * format.BytesPerSample();
        if (blockAlign != expectedAlign)
            throw new AudioFormatException(name, $"block align {blockAlign} does not match {channels} channels of {bits}-bit samples ({expectedAlign})");
        return format;
    }

    private static string CodecName(ushort tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0055 => "MP3",
        _ => "unknown",
    };

    private static string Printable(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[id.Length];
        for (int k = 0; k < id.Length; k++) chars[k] = id[k] is >= 32 and < 127 ? (char)id[k] : '?';
        return new string(chars);
    }

    private static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) return false;
            total += n;
        }
        return true;
    }
}

using System.Buffers.Binary;

namespace AutoFoh.Audio;

/// <summary>
/// Streaming WAV writer. Samples go to a temporary file beside the target; <see cref="Complete"/> patches
/// the sizes and renames it into place, so a reader never sees a half-written file, and disposing without
/// completing deletes the temporary file. WAVE_FORMAT_EXTENSIBLE is written when there are more than two
/// channels or more than 16 bits, as the format's addendum asks. PCM conversion rounds and clips.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderBytes = 68; // RIFF(12) + fmt extensible(8 + 40) + data header(8)
    private readonly FileStream _stream;
    private readonly string _tempPath;
    private readonly byte[] _buffer = new byte[1 << 16];
    private long _dataBytes;
    private bool _completed;

    public WavWriter(string path, int sampleRateHz, int channels, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (channels is <= 0 or > 1024) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be 1..1024");
        Path = System.IO.Path.GetFullPath(path);
        SampleRateHz = sampleRateHz;
        Channels = channels;
        Format = format;
        string? folder = System.IO.Path.GetDirectoryName(Path);
        if (folder is not null && !Directory.Exists(folder)) throw new AudioFormatException(path, $"cannot write: folder {folder} does not exist");
        _tempPath = Path + $".{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _stream.Write(new byte[HeaderBytes]);
    }

    public string Path { get; }
    public int SampleRateHz { get; }
    public int Channels { get; }
    public WavSampleFormat Format { get; }
    public long FramesWritten => _dataBytes / (Channels * Format.BytesPerSample());

    public void Write(ReadOnlySpan<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (interleaved.Length % Channels != 0)
            throw new ArgumentException($"block of {interleaved.Length} samples is not a whole number of {Channels}-channel frames", nameof(interleaved));
        int size = Format.BytesPerSample();
        int perBlock = _buffer.Length / size;
        for (int start = 0; start < interleaved.Length; start += perBlock)
        {
            var chunk = interleaved.Slice(start, Math.Min(perBlock, interleaved.Length - start));
            var bytes = _buffer.AsSpan(0, chunk.Length * size);
            Encode(chunk, bytes);
            _stream.Write(bytes);
            _dataBytes += bytes.Length;
        }
        if (_dataBytes > uint.MaxValue - HeaderBytes) throw new IOException($"{Path}: over 4 GB, too large for a WAV file");
    }

    /// <summary>Finishes the header and moves the file into place.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if ((_dataBytes & 1) == 1) _stream.WriteByte(0);
        _stream.Position = 0;
        _stream.Write(Header());
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_tempPath, Path, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        _stream.Dispose();
        try { File.Delete(_tempPath); } catch (IOException) { }
    }

    private byte[] Header()
    {
        var h = new byte[HeaderBytes];
        int bits = Format.BitsPerSample(), blockAlign = Channels * Format.BytesPerSample();
        bool extensible = Channels > 2 || bits > 16;
        ushort tag = Format.IsFloat() ? (ushort)3 : (ushort)1;
        // A plain header is 44 bytes; pad the unused fmt bytes into a JUNK chunk so the data stays at 68.
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), (uint)(HeaderBytes - 8 + _dataBytes + (_dataBytes & 1)));
        "WAVE"u8.CopyTo(h.AsSpan(8));
        int at = 12;
        if (!extensible)
        {
            "JUNK"u8.CopyTo(h.AsSpan(at)); BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 4), 16); at += 24;
        }
        "fmt "u8.CopyTo(h.AsSpan(at));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 4), extensible ? 40u : 16u);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 8), extensible ? (ushort)0xFFFE : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 10), (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 12), (uint)SampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 16), (uint)(SampleRateHz * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 20), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 22), (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 24), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 26), (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 28), ChannelMask(Channels));
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(at + 32), tag);
            byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            tail.CopyTo(h.AsSpan(at + 34));
            at += 48;
        }
        else at += 24;
        "data"u8.CopyTo(h.AsSpan(at));
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(at + 4), (uint)_dataBytes);
        return h;
    }

    /// <summary>Speaker positions for the usual layouts (mono, stereo, 5.1, 7.1); others leave them unassigned.</summary>
    private static uint ChannelMask(int channels) => channels switch
    {
        1 => 0x4,
        2 => 0x3,
        6 => 0x3F,
        8 => 0x63F,
        _ => 0,
    };

    private void Encode(ReadOnlySpan<float> samples, Span<byte> bytes)
    {
        switch (Format)
        {
            case WavSampleFormat.Pcm8:
                for (int k = 0; k < samples.Length; k++) bytes[k] = (byte)(Quantize(samples[k], 127) + 128);
                break;
            case WavSampleFormat.Pcm16:
                for (int k = 0; k < samples.Length; k++) BinaryPrimitives.WriteInt16LittleEndian(bytes[(2 * k)..], (short)Quantize(samples[k], 32767));
                break;
            case WavSampleFormat.Pcm24:
                for (int k = 0; k < samples.Length; k++)
                {
                    int v = (int)Quantize(samples[k], 8388607);
                    bytes[3 * k] = (byte)v; bytes[3 * k + 1] = (byte)(v >> 8); bytes[3 * k + 2] = (byte)(v >> 16);
                }
                break;
            case WavSampleFormat.Pcm32:
                for (int k = 0; k < samples.Length; k++) BinaryPrimitives.WriteInt32LittleEndian(bytes[(4 * k)..], (int)Quantize(samples[k], 2147483647));
                break;
            case WavSampleFormat.Float32:
                for (int k = 0; k < samples.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(bytes[(4 * k)..], samples[k]);
                break;
            case WavSampleFormat.Float64:
                for (int k = 0; k < samples.Length; k++) BinaryPrimitives.WriteDoubleLittleEndian(bytes[(8 * k)..], samples[k]);
                break;
        }
    }

    /// <summary>Rounds to the nearest step of a full scale of <paramref name="max"/>+1, clipping (NaN becomes 0).</summary>
    private static long Quantize(float sample, long max)
    {
        if (float.IsNaN(sample)) return 0;
        double scaled = Math.Round(sample * (double)(max + 1), MidpointRounding.AwayFromZero);
        return (long)Math.Clamp(scaled, -(max + 1), max);
    }
}

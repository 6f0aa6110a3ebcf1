using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;

namespace AutoFoh.Audio.Tests;

/// <summary>
/// Mutated WAV files (bit flips, byte overwrites, truncation, size fields set to anything, inserted and
/// deleted bytes) are either read or refused with <see cref="AudioFormatException"/>: never another
/// exception, never a hang or a huge allocation.
/// </summary>
public class WavFuzzTests
{
    private static readonly byte[][] Seeds = MakeSeeds();

    private static byte[][] MakeSeeds()
    {
        var seeds = new List<byte[]>();
        using var dir = new TempFolder();
        foreach (var (format, channels) in new[] { (WavSampleFormat.Pcm16, 2), (WavSampleFormat.Float32, 1), (WavSampleFormat.Pcm24, 6), (WavSampleFormat.Pcm8, 3), (WavSampleFormat.Float64, 2) })
        {
            string path = dir.File($"{format}-{channels}.wav");
            using (var writer = new WavWriter(path, 44100, channels, format))
            {
                writer.Write(Enumerable.Range(0, 64 * channels).Select(k => (float)Math.Sin(k * 0.37) * 0.7f).ToArray());
                writer.Complete();
            }
            seeds.Add(File.ReadAllBytes(path));
        }
        return seeds.ToArray();
    }

    public static byte[] Mutate(byte[] seed, int operation, int position, int value, byte[] garbage)
    {
        var bytes = new List<byte>(seed);
        int at = bytes.Count == 0 ? 0 : position % bytes.Count;
        switch (operation % 7)
        {
            case 0: bytes[at] ^= (byte)(1 << (value & 7)); break;
            case 1: bytes[at] = (byte)value; break;
            case 2: bytes.RemoveRange(at, bytes.Count - at); break;
            case 3:
            {
                // Overwrite a 32-bit field (chunk sizes live at 4-byte offsets in the header) with anything, often huge.
                var array = bytes.ToArray();
                int field = Math.Min(at & ~3, Math.Max(0, array.Length - 4));
                uint claim = (value & 3) == 0 ? 0xFFFF_FFF0u : (uint)value;
                if (array.Length >= 4) BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(field), claim);
                return array;
            }
            case 4: bytes.InsertRange(at, garbage); break;
            case 5: bytes.RemoveRange(at, Math.Min(bytes.Count - at, (value & 0xFF) + 1)); break;
            default:
                // A 16-bit field (format tag, channels, block align, bits).
                if (at + 1 < bytes.Count) { bytes[at & ~1] = (byte)value; bytes[(at & ~1) + 1] = (byte)(value >> 8); }
                break;
        }
        return bytes.ToArray();
    }

    [Property(MaxTest = 10_000, QuietOnSuccess = true)]
    public bool A_mutated_wav_is_read_or_refused_with_a_format_error(NonNegativeInt seed, NonNegativeInt operation, NonNegativeInt position, int value, byte[] garbage)
    {
        var bytes = Mutate(Seeds[seed.Get % Seeds.Length], operation.Get, position.Get, value, garbage ?? []);
        try
        {
            using var reader = WavReader.Open(new MemoryStream(bytes), "fuzz.wav");
            var block = new float[512 * reader.Channels];
            long frames = 0;
            int n;
            while ((n = reader.Read(block)) > 0) frames += n;
            // Whatever was read fits in the bytes there were.
            return frames * reader.Channels <= bytes.Length;
        }
        catch (AudioFormatException error)
        {
            return error.Message.StartsWith("fuzz.wav: ", StringComparison.Ordinal) && !error.Message.Contains('\n');
        }
    }
}

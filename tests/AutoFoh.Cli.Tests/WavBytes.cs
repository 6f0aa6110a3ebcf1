using System.Buffers.Binary;
using System.Text;

namespace AutoFoh.Cli.Tests;

/// <summary>Hand-built WAV files, good or deliberately broken, byte by byte (independent of the reader under test).</summary>
public static class WavBytes
{
    public static byte[] Float32(int sampleRateHz, int channels, float[] interleaved) =>
        Build(formatTag: 3, sampleRateHz, channels, bitsPerSample: 32, data: MemoryMarshalBytes(interleaved));

    public static byte[] Pcm16(int sampleRateHz, int channels, short[] interleaved)
    {
        var data = new byte[interleaved.Length * 2];
        for (int i = 0; i < interleaved.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), interleaved[i]);
        return Build(formatTag: 1, sampleRateHz, channels, bitsPerSample: 16, data);
    }

    public static byte[] Build(ushort formatTag, int sampleRateHz, int channels, int bitsPerSample, byte[] data, uint? dataSizeClaim = null)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, Encoding.ASCII);
        int blockAlign = channels * bitsPerSample / 8;
        w.Write("RIFF"u8); w.Write(0u); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16u);
        w.Write(formatTag); w.Write((ushort)channels); w.Write((uint)sampleRateHz);
        w.Write((uint)(sampleRateHz * blockAlign)); w.Write((ushort)blockAlign); w.Write((ushort)bitsPerSample);
        w.Write("data"u8); w.Write(dataSizeClaim ?? (uint)data.Length); w.Write(data);
        if ((data.Length & 1) == 1) w.Write((byte)0);
        w.Flush();
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static float[] Sine(double frequencyHz, double amplitude, int sampleRateHz, double seconds, int channels)
    {
        int frames = (int)(seconds * sampleRateHz);
        var x = new float[frames * channels];
        for (int n = 0; n < frames; n++)
        {
            float v = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz));
            for (int c = 0; c < channels; c++) x[n * channels + c] = v;
        }
        return x;
    }

    public static void WriteSine(string path, int sampleRateHz, int channels, double seconds, double frequencyHz, double amplitude) =>
        File.WriteAllBytes(path, Float32(sampleRateHz, channels, Sine(frequencyHz, amplitude, sampleRateHz, seconds, channels)));

    /// <summary>Uniform white noise, independent per channel (a stereo file has side as well as mid).</summary>
    public static void WriteNoise(string path, int sampleRateHz, int channels, double seconds, double amplitude, int seed)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * sampleRateHz) * channels];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * (2 * random.NextDouble() - 1));
        File.WriteAllBytes(path, Float32(sampleRateHz, channels, x));
    }

    public static void WriteSilence(string path, int sampleRateHz, int channels, double seconds) =>
        File.WriteAllBytes(path, Float32(sampleRateHz, channels, new float[(int)(seconds * sampleRateHz) * channels]));

    private static byte[] MemoryMarshalBytes(float[] samples)
    {
        var data = new byte[samples.Length * 4];
        for (int i = 0; i < samples.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), samples[i]);
        return data;
    }
}

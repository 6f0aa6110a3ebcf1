namespace AutoFoh.Audio;

/// <summary>Audio held in memory, one float array per channel (planar).</summary>
public sealed class AudioBuffer
{
    public AudioBuffer(int sampleRateHz, float[][] channels)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (channels.Length == 0) throw new ArgumentException("an audio buffer needs at least one channel", nameof(channels));
        for (int c = 1; c < channels.Length; c++)
            if (channels[c].Length != channels[0].Length) throw new ArgumentException($"channel {c + 1} has {channels[c].Length} samples, channel 1 has {channels[0].Length}", nameof(channels));
        SampleRateHz = sampleRateHz;
        Data = channels;
    }

    public AudioBuffer(int sampleRateHz, int channels, int frames)
        : this(sampleRateHz, Enumerable.Range(0, channels).Select(_ => new float[frames]).ToArray()) { }

    public int SampleRateHz { get; }
    public float[][] Data { get; }
    public int Channels => Data.Length;
    public int Frames => Data[0].Length;
    public double DurationSeconds => Frames / (double)SampleRateHz;

    public float[] this[int channel] => Data[channel];

    /// <summary>The channels averaged into one (a copy; a mono buffer's only channel is copied too).</summary>
    public float[] Mono()
    {
        var mono = new float[Frames];
        float scale = 1f / Channels;
        foreach (var channel in Data)
            for (int n = 0; n < mono.Length; n++) mono[n] += channel[n] * scale;
        return mono;
    }

    /// <summary>Interleaved frames [start, start+count) written into <paramref name="destination"/>.</summary>
    public void CopyInterleaved(int start, int count, Span<float> destination)
    {
        for (int n = 0; n < count; n++)
            for (int c = 0; c < Channels; c++) destination[n * Channels + c] = Data[c][start + n];
    }
}

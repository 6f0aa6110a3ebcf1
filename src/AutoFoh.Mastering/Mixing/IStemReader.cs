namespace AutoFoh.Mastering.Mixing;

/// <summary>A stem read block by block as planar channels (1 or 2), silence after its end.</summary>
public interface IStemReader
{
    int Channels { get; }

    /// <summary>Fills the first <paramref name="frames"/> samples of each channel of <paramref name="planar"/>.</summary>
    void Read(float[][] planar, int frames);
}

/// <summary>A stem held in memory (tests, generated stems, the web app's uploads once decoded).</summary>
public sealed class ArrayStemReader(float[][] channels) : IStemReader
{
    private long _position;

    public int Channels => channels.Length;

    public void Read(float[][] planar, int frames)
    {
        int available = (int)Math.Clamp(channels[0].Length - _position, 0, frames);
        for (int c = 0; c < channels.Length; c++)
        {
            channels[c].AsSpan((int)_position, available).CopyTo(planar[c]);
            planar[c].AsSpan(available, frames - available).Clear();
        }
        _position += frames;
    }
}

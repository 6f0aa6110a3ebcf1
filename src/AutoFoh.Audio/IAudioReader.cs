namespace AutoFoh.Audio;

/// <summary>
/// A source of interleaved float samples read block by block, so a file of any length is streamed, never
/// loaded whole unless the caller asks (<see cref="AudioFile.ReadAll(string)"/>).
/// </summary>
public interface IAudioReader : IDisposable
{
    /// <summary>The file or stream name, for messages.</summary>
    string Path { get; }

    int SampleRateHz { get; }

    int Channels { get; }

    /// <summary>Total frames when the container says so; null for a stream of unknown length.</summary>
    long? FrameCount { get; }

    /// <summary>
    /// Reads up to <c>interleaved.Length / Channels</c> frames; returns the frames read, 0 at the end.
    /// Throws <see cref="AudioFormatException"/> when the data is damaged (truncated, NaN or infinite).
    /// </summary>
    int Read(Span<float> interleaved);
}

namespace AutoFoh.LiveMix;

/// <summary>
/// A live automixer: sets every channel's gain while the band plays and sums the channels. It follows
/// the real-time contract: everything is allocated in <see cref="Prepare"/>; <see cref="Process"/> never
/// allocates, locks, logs or throws. A causal mixer decides the gain of sample n from samples before n
/// only (zero added latency); its output sample n never depends on an input sample after n.
/// </summary>
public interface ILiveMixer
{
    /// <summary>Short name used by the commands and the results (unity, dugan, loudness, ...).</summary>
    string Name { get; }

    /// <summary>Look-ahead the mixer needs (ms): 0 for a causal mixer.</summary>
    double LatencyMs { get; }

    /// <summary>Prepares for <paramref name="channels"/> channels at <paramref name="sampleRateHz"/>, blocks of at most <paramref name="maxBlock"/> samples.</summary>
    void Prepare(int sampleRateHz, int channels, int maxBlock);

    /// <summary>Forgets everything heard (a new song).</summary>
    void Reset();

    /// <summary>
    /// Mixes samples [<paramref name="start"/>, start + output.Length) of every channel of
    /// <paramref name="inputs"/> into <paramref name="output"/>, and writes each channel's gain at the end
    /// of the block (dB) into <paramref name="gainsDb"/>. A sample that is not a number counts as silence.
    /// </summary>
    void Process(IReadOnlyList<float[]> inputs, int start, Span<float> output, Span<float> gainsDb);
}

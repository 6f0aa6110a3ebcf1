namespace AutoFoh.LiveMix;

/// <summary>
/// A live automixer: decides every channel's gain while the band plays. Deciding is all a mixer does; the
/// live engine applies the gains on the audio thread, and <see cref="MixRunner"/> applies them to render a file.
/// It follows the real-time contract: everything is allocated in <see cref="Prepare"/>; <see cref="Decide"/>
/// never allocates, locks, logs or throws. A causal mixer decides the gain of sample n from samples before n
/// only (zero added latency), so a mix with its gains never depends on an input sample after n.
/// </summary>
public interface ILiveMixer
{
    /// <summary>Short name used by the commands and the results (unity, dugan, loudness, ...).</summary>
    string Name { get; }

    /// <summary>Look-ahead the mixer needs (ms): 0 for a causal mixer.</summary>
    double LatencyMs { get; }

    /// <summary>The arithmetic a mix with this mixer's gains is summed in (<see cref="MixPrecision"/>).</summary>
    MixPrecision Precision { get; }

    /// <summary>Prepares for <paramref name="channels"/> channels at <paramref name="sampleRateHz"/>, blocks of at most <paramref name="maxBlock"/> samples.</summary>
    void Prepare(int sampleRateHz, int channels, int maxBlock);

    /// <summary>Forgets everything heard (a new song).</summary>
    void Reset();

    /// <summary>
    /// Hears samples [<paramref name="start"/>, start + <paramref name="frames"/>) of every channel of
    /// <paramref name="inputs"/> and writes into <paramref name="gains"/> the gain each of those samples is mixed
    /// with (decided from the samples before it) and each channel's gain at the end of the block (dB). A sample
    /// that is not a number counts as silence.
    /// </summary>
    void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains);
}

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// Turns what one microphone heard into one signal per instrument: stems given
/// (no separation), line-check NMF, or an external separator.
/// </summary>
public interface ISeparator
{
    IReadOnlyList<string> Instruments { get; }

    /// <summary>One estimated signal per instrument, each as long as <paramref name="mixture"/>.</summary>
    float[][] Separate(ReadOnlySpan<float> mixture);
}

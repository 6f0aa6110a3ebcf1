namespace AutoFoh.Soundcheck.Reference;

/// <summary>
/// Predicts the reference's ideal dominance (24 bands x instruments, each band summing to 1) from who is
/// playing (seed 000, section 6.2).
/// </summary>
public interface IMixPredictor
{
    IReadOnlyList<string> Instruments { get; }

    /// <summary>Writes the 24 x N predicted shares for the presence bit mask <paramref name="playing"/>.</summary>
    void Predict(ulong playing, Span<float> shares);
}

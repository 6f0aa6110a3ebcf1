using AutoFoh.Soundcheck.Dominance;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// One second of the live band as a policy sees it: the target instrument's spectra at the (unknown)
/// gain it is playing at, and the ideal shares the reference model predicts for who is playing. A policy
/// may ask for the shares with the target moved by an offset, but never learns the gain itself: in
/// the gym that gain is the error it must correct.
/// </summary>
public sealed class ObservedFrame
{
    private readonly SortedFrameSpectra _spectra;
    private readonly double _gainDb;

    public ObservedFrame(SortedFrameSpectra spectra, double gainDb, float[] ideal)
    {
        _spectra = spectra;
        _gainDb = gainDb;
        Ideal = ideal;
    }

    /// <summary>Predicted ideal shares, 24 x N.</summary>
    public float[] Ideal { get; }

    public int InstrumentCount => _spectra.InstrumentCount;
    public int Target => _spectra.Target;

    /// <summary>Live shares with the target moved by <paramref name="offsetDb"/> from where it was heard.</summary>
    public void Shares(double offsetDb, Span<float> shares) => _spectra.Shares((float)Math.Pow(10, (_gainDb + offsetDb) / 20), shares);

    /// <summary>The target's share of each of the 24 bands with the target moved by <paramref name="offsetDb"/>.</summary>
    public void TargetShares(double offsetDb, Span<float> shares) => _spectra.TargetShares((float)Math.Pow(10, (_gainDb + offsetDb) / 20), shares);

    /// <summary>This frame as it would have sounded had the target been <paramref name="changeDb"/> louder
    /// (a policy uses it to line up what it heard before its own advice was followed).</summary>
    public ObservedFrame Shifted(double changeDb) => new(_spectra, _gainDb + changeDb, Ideal);
}

using AutoFoh.Mastering.Parameters;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Mastering.Solving;

/// <summary>
/// When a bus is too narrow for the master's width stage to reach the style's ms_ratio (a width stage can only
/// raise the side that is there, and raising it more than <see cref="MasterSolver.MaxWidth"/> only raises noise
/// and reverb), an engineer pans the instruments apart. This does the same: the anchors of a mix (drums, bass,
/// vocals) stay where they are; every other stem moves toward its side by the given amount, and stems at the
/// centre are sent alternately left and right first.
/// </summary>
public static class PanSpread
{
    private static readonly InstrumentRole[] Anchors = [InstrumentRole.Drums, InstrumentRole.Bass, InstrumentRole.Vocals];

    public static bool CanSpread(IReadOnlyList<StripParameters> strips) =>
        strips.Any(s => !Anchors.Contains(InstrumentRoles.FromStemName(s.Stem))) && strips.Count >= 2;

    /// <param name="amount">0 leaves the pans, 1 puts every movable stem at its side's edge.</param>
    public static IReadOnlyList<StripParameters> Widen(IReadOnlyList<StripParameters> strips, double amount)
    {
        int centred = 0;
        return strips.Select(strip =>
        {
            if (Anchors.Contains(InstrumentRoles.FromStemName(strip.Stem))) return strip;
            double side = Math.Abs(strip.Pan) < 0.05 ? (centred++ % 2 == 0 ? -1 : 1) : Math.Sign(strip.Pan);
            return strip with { Pan = Math.Clamp(strip.Pan + amount * (side - strip.Pan), -1, 1) };
        }).ToList();
    }
}

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// How far to move one instrument: the gain offset of its live stem at which its share of the mix
/// matches the reference, i.e. where the state's column sum Σ_bands (live − ideal) over the frames given
/// crosses zero, searched over the whole range a band can get wrong (±60 dB by default).
///
/// Raising an instrument only ever raises its count of dominant bins, so the column sum is a
/// non-decreasing step function of its gain and the crossing is unique: bisection finds the last gain
/// where the sum is negative and the first where it is positive (to 0.05 dB), and the estimate is the
/// midpoint of the two, the centre of the plateau where the mix matches. Only the target's shares are
/// needed, which <see cref="Dominance.SortedFrameSpectra.TargetShares"/> computes in two searches per band. (A first version minimised
/// Σ|live − ideal| over a grid; that cost is flat wherever the instrument is inaudible, and on the real
/// songs the search often preferred that plateau, sending a guitar to −60 dB.)
/// </summary>
public sealed class GainOffsetEstimator
{
    private const double ResolutionDb = 0.05;
    private readonly float[] _shares;
    private readonly float[] _targetShares = new float[Dsp.Bands.CriticalBands.Count];
    private readonly double _rangeDb;

    public GainOffsetEstimator(int instrumentCount, double rangeDb = 60)
    {
        _shares = new float[Dsp.Bands.CriticalBands.Count * instrumentCount];
        _rangeDb = rangeDb;
    }

    /// <summary>The offset in dB to add to the target's gain; positive means "turn up".</summary>
    public double Estimate(IReadOnlyList<ObservedFrame> frames)
    {
        if (frames.Count == 0) return 0;
        double low = -_rangeDb, high = _rangeDb;
        if (ColumnSum(frames, high) < 0) return high;   // still too quiet at the top of the range
        if (ColumnSum(frames, low) > 0) return low;     // still too loud at the bottom
        double lastNegative = Bisect(frames, low, high, s => s < 0);
        // The ideal shares are arbitrary floats, so the sum is almost never exactly zero: it jumps from
        // negative to positive within the resolution, and the second search is needed only when it rests
        // on zero over a plateau.
        double next = Math.Min(high, lastNegative + 2 * ResolutionDb);
        double firstPositive = ColumnSum(frames, next) > 0 ? lastNegative + ResolutionDb / 2 : Bisect(frames, next, high, s => s <= 0);
        return Math.Round((lastNegative + firstPositive) / 2, 2);
    }

    /// <summary>Largest gain in [low, high] whose column sum satisfies <paramref name="below"/> (to the resolution).</summary>
    private double Bisect(IReadOnlyList<ObservedFrame> frames, double low, double high, Func<double, bool> below)
    {
        if (!below(ColumnSum(frames, low))) return low;
        if (below(ColumnSum(frames, high))) return high;
        while (high - low > ResolutionDb)
        {
            double mid = 0.5 * (low + high);
            if (below(ColumnSum(frames, mid))) low = mid; else high = mid;
        }
        return low;
    }

    /// <summary>Σ over frames and bands of the target's live share minus its ideal share, with the target moved by <paramref name="offsetDb"/>.</summary>
    public double ColumnSum(IReadOnlyList<ObservedFrame> frames, double offsetDb)
    {
        double sum = 0;
        foreach (var frame in frames)
        {
            frame.TargetShares(offsetDb, _targetShares);
            int n = frame.InstrumentCount, i = frame.Target;
            for (int b = 0; b < _targetShares.Length; b++) sum += _targetShares[b] - frame.Ideal[b * n + i];
        }
        return sum;
    }

    /// <summary>Total distance Σ_frames Σ|live − ideal| with the target moved by <paramref name="offsetDb"/>.</summary>
    public double Cost(IReadOnlyList<ObservedFrame> frames, double offsetDb)
    {
        double cost = 0;
        foreach (var frame in frames)
        {
            frame.Shares(offsetDb, _shares);
            cost += MixState.AbsoluteDifference(_shares, frame.Ideal);
        }
        return cost;
    }
}

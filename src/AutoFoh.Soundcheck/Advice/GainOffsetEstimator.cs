using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// How far to move one instrument: the gain offset of its live stem that makes the live dominance match
/// the predicted ideal best (least Σ|live − ideal| over the frames given), searched over the whole range
/// a band can get wrong (±60 dB by default), coarse to fine. The cost is a step function of the gain
/// (dominance counts bins), so a plateau of equal cost is common: the estimate is the centre of the best
/// plateau, which is where the evidence points when several gains explain the mix equally well.
/// </summary>
public sealed class GainOffsetEstimator
{
    private readonly float[] _shares;
    private readonly double _rangeDb;

    public GainOffsetEstimator(int instrumentCount, double rangeDb = 60)
    {
        _shares = new float[CriticalBands.Count * instrumentCount];
        _rangeDb = rangeDb;
    }

    /// <summary>The offset in dB to add to the target's gain; positive means "turn up".</summary>
    public double Estimate(IReadOnlyList<ObservedFrame> frames)
    {
        if (frames.Count == 0) return 0;
        // Coarse: 1 dB steps over the range; then 0.1 dB steps around the best plateau.
        double best = SearchGrid(frames, -_rangeDb, _rangeDb, 1.0);
        return SearchGrid(frames, best - 1.5, best + 1.5, 0.1);
    }

    /// <summary>Total cost Σ_frames Σ|live − ideal| with the target moved by <paramref name="offsetDb"/>.</summary>
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

    private double SearchGrid(IReadOnlyList<ObservedFrame> frames, double fromDb, double toDb, double stepDb)
    {
        int steps = (int)Math.Round((toDb - fromDb) / stepDb);
        var costs = new double[steps + 1];
        double min = double.PositiveInfinity;
        for (int k = 0; k <= steps; k++)
        {
            costs[k] = Cost(frames, fromDb + k * stepDb);
            min = Math.Min(min, costs[k]);
        }
        // Centre of the widest run of grid points at the minimum cost.
        double tolerance = 1e-6 * Math.Max(1, min);
        int bestStart = 0, bestLength = 0;
        for (int k = 0; k <= steps;)
        {
            if (costs[k] > min + tolerance) { k++; continue; }
            int start = k;
            while (k <= steps && costs[k] <= min + tolerance) k++;
            if (k - start > bestLength) { bestLength = k - start; bestStart = start; }
        }
        return fromDb + (bestStart + (bestLength - 1) / 2.0) * stepDb;
    }
}

using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>
/// One analysis frame with one instrument singled out as the target whose gain varies. Dominance is a
/// rank statistic, so from each band's largest magnitudes (<see cref="BandTops"/>), sorted, the shares for
/// any target gain follow from binary searches: the percentile of the union of the (scaled) target's bins
/// and the others' bins is an order statistic of two sorted arrays, and each instrument's count above it
/// is a search in its own array. This turns a gain search or a gym step from sorting 60,000 magnitudes
/// into a few hundred comparisons, with exactly the figures of <see cref="PerceptualDominance"/>.
/// </summary>
public sealed class SortedFrameSpectra
{
    private readonly BandTops _tops;
    private readonly float[][] _others;
    private readonly float[] _gains;        // the non-target instruments' fixed gains (the target's is 1)     // [band] the non-target instruments' kept bins merged, ascending, at most Kept[band]

    /// <summary>From the magnitudes loaded in <paramref name="analysis"/> (or given, one array per instrument).</summary>
    public SortedFrameSpectra(PerceptualDominance analysis, int target, IReadOnlyList<float[]>? magnitudes = null)
        : this(new BandTops(analysis, magnitudes), target)
    {
    }

    /// <summary>
    /// From a frame's band tops, which several targets can share, with the other instruments' magnitudes
    /// multiplied by <paramref name="gains"/> (linear, one per instrument; the target's entry is ignored;
    /// null for all 1). Scaling an instrument never reorders its own bins, so the tops stay valid.
    /// </summary>
    public SortedFrameSpectra(BandTops tops, int target, IReadOnlyList<float>? gains = null)
    {
        int n = tops.InstrumentCount;
        if (target < 0 || target >= n) throw new ArgumentOutOfRangeException(nameof(target), target, $"target must be one of the {n} instruments");
        _tops = tops;
        Target = target;
        _gains = Enumerable.Range(0, n).Select(i => i == target || gains is null ? 1f : gains[i]).ToArray();
        InstrumentCount = n;
        Percentile = tops.Percentile;
        _others = new float[CriticalBands.Count][];
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            // The others' kept bins merged (linear merges of sorted arrays), keeping the largest Kept[b].
            var others = Array.Empty<float>();
            for (int i = 0; i < n; i++)
                if (i != target) others = MergeLargest(others, Scaled(tops.Top(b, i), _gains[i]), tops.Kept[b]);
            _others[b] = others;
        }
    }

    public int Target { get; }
    public int InstrumentCount { get; }
    public double Percentile { get; }

    /// <summary>The 24 x N shares with the target's magnitudes multiplied by <paramref name="targetGain"/> (linear).</summary>
    public void Shares(float targetGain, Span<float> shares)
    {
        int n = InstrumentCount;
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            var row = shares.Slice(b * n, n);
            if (_tops.Totals[b] == 0) { row.Fill(1f / n); continue; }
            float threshold = Threshold(b, targetGain);
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                float gain = i == Target ? targetGain : _gains[i];
                var top = _tops.Top(b, i);
                int above = top.Length - FirstAbove(top, gain, threshold);
                row[i] = above;
                count += above;
            }
            if (count == 0) row.Fill(1f / n);
            else for (int i = 0; i < n; i++) row[i] /= count;
        }
    }

    /// <summary>
    /// Only the target's share of each band (24 values) with its magnitudes multiplied by
    /// <paramref name="targetGain"/>: the same numbers as <see cref="Shares"/> gives for the target, from two
    /// searches per band (target and the merged others) instead of one per instrument.
    /// </summary>
    public void TargetShares(float targetGain, Span<float> shares)
    {
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            var target = _tops.Top(b, Target);
            var others = _others[b];
            if (_tops.Totals[b] == 0) { shares[b] = 1f / InstrumentCount; continue; }
            float threshold = Threshold(b, targetGain);
            int mine = target.Length - FirstAbove(target, targetGain, threshold);
            int count = mine + others.Length - FirstAbove(others, 1f, threshold);
            shares[b] = count == 0 ? 1f / InstrumentCount : mine / (float)count;
        }
    }

    /// <summary>
    /// The band's percentile of all magnitudes with the target scaled by <paramref name="targetGain"/>, with
    /// Percentile.InPlace's arithmetic on the union of the two sorted arrays. Only the largest bins are
    /// kept, and everything dropped lies below them, so rank r of the whole band is rank r − dropped of
    /// the kept union (never negative: see <see cref="BandTops"/>). The band must not be empty.
    /// </summary>
    private float Threshold(int band, float targetGain)
    {
        var target = _tops.Top(band, Target);
        var others = _others[band];
        int total = _tops.Totals[band];
        int dropped = total - target.Length - others.Length;
        double position = Percentile * (total - 1);
        int lower = (int)Math.Floor(position);
        float low = KthOfUnion(target, targetGain, others, lower - dropped);
        if (lower + 1 >= total || position == lower) return low;
        float high = KthOfUnion(target, targetGain, others, lower + 1 - dropped);
        return (float)(low + (position - lower) * (high - low));
    }

    /// <summary>Index of the first element with value·gain &gt; threshold (the array's length when none is).</summary>
    private static int FirstAbove(float[] sorted, float gain, float threshold)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] * gain > threshold) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static float[] Scaled(float[] values, float gain)
    {
        if (gain == 1f) return values;
        var scaled = new float[values.Length];
        for (int k = 0; k < values.Length; k++) scaled[k] = values[k] * gain;
        return scaled;
    }

    /// <summary>The largest <paramref name="keep"/> values of two ascending arrays, ascending (merged from the top).</summary>
    private static float[] MergeLargest(float[] a, float[] b, int keep)
    {
        var merged = new float[Math.Min(keep, a.Length + b.Length)];
        int i = a.Length - 1, j = b.Length - 1;
        for (int k = merged.Length - 1; k >= 0; k--)
            merged[k] = j < 0 || (i >= 0 && a[i] >= b[j]) ? a[i--] : b[j--];
        return merged;
    }

    /// <summary>The k-th smallest (0-based) of the union of a·gain and b, both sorted ascending.</summary>
    private static float KthOfUnion(float[] a, float gain, float[] b, int k)
    {
        // Binary search on how many of the k+1 smallest come from a (the classic two-array selection).
        int lo = Math.Max(0, k + 1 - b.Length), hi = Math.Min(k + 1, a.Length);
        while (lo < hi)
        {
            int fromA = (lo + hi) >>> 1;
            int fromB = k + 1 - fromA;
            // Too few from a if a's next element is smaller than b's last taken one.
            if (fromA < a.Length && fromB > 0 && a[fromA] * gain < b[fromB - 1]) lo = fromA + 1;
            else hi = fromA;
        }
        int takenA = lo, takenB = k + 1 - lo;
        float lastA = takenA > 0 ? a[takenA - 1] * gain : float.NegativeInfinity;
        float lastB = takenB > 0 ? b[takenB - 1] : float.NegativeInfinity;
        return Math.Max(lastA, lastB);
    }
}

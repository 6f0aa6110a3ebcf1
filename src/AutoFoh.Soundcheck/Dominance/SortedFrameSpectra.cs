using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>
/// One analysis frame's magnitudes, sorted per critical band and instrument, with one instrument singled
/// out as the target whose gain varies. Dominance is a rank statistic, so once sorted, the shares for any
/// target gain follow from binary searches: the 95th percentile of the union of the (scaled) target's
/// bins and the others' bins is the k-th smallest of two sorted arrays, and each instrument's count
/// above it is a search in its own array. This turns a gain search or a gym step from sorting 60,000
/// magnitudes into a few hundred comparisons, with exactly the figures of <see cref="PerceptualDominance"/>.
/// </summary>
public sealed class SortedFrameSpectra
{
    private readonly float[][][] _sorted;   // [band][instrument] ascending
    private readonly float[][] _others;     // [band] all non-target bins merged, ascending

    public SortedFrameSpectra(PerceptualDominance analysis, int target, IReadOnlyList<float[]>? magnitudes = null)
    {
        int n = analysis.InstrumentCount;
        if (target < 0 || target >= n) throw new ArgumentOutOfRangeException(nameof(target), target, $"target must be one of the {n} instruments");
        Target = target;
        InstrumentCount = n;
        Percentile = analysis.Options.Percentile;
        var bands = CriticalBands.BinRanges(analysis.WindowSamples, analysis.SampleRateHz);
        _sorted = new float[CriticalBands.Count][][];
        _others = new float[CriticalBands.Count][];
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            _sorted[b] = new float[n][];
            for (int i = 0; i < n; i++)
            {
                var source = magnitudes is null ? analysis.Magnitudes(i) : magnitudes[i];
                var band = source.Slice(bands[b].Start, bands[b].Length).ToArray();
                Array.Sort(band);
                _sorted[b][i] = band;
            }
            // The others' bins merged from their sorted arrays (linear merges, no second sort).
            var others = Array.Empty<float>();
            for (int i = 0; i < n; i++)
                if (i != target) others = Merge(others, _sorted[b][i]);
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
            if (_sorted[b][Target].Length + _others[b].Length == 0) { row.Fill(1f / n); continue; }
            float threshold = Threshold(b, targetGain);
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                float gain = i == Target ? targetGain : 1f;
                int above = _sorted[b][i].Length - FirstAbove(_sorted[b][i], gain, threshold);
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
            var target = _sorted[b][Target];
            var others = _others[b];
            if (target.Length + others.Length == 0) { shares[b] = 1f / InstrumentCount; continue; }
            float threshold = Threshold(b, targetGain);
            int mine = target.Length - FirstAbove(target, targetGain, threshold);
            int count = mine + others.Length - FirstAbove(others, 1f, threshold);
            shares[b] = count == 0 ? 1f / InstrumentCount : mine / (float)count;
        }
    }

    /// <summary>
    /// The band's percentile of all magnitudes with the target scaled by <paramref name="targetGain"/>, with
    /// Percentile.InPlace's arithmetic on the union of the two sorted arrays. The band must not be empty.
    /// </summary>
    private float Threshold(int band, float targetGain)
    {
        var target = _sorted[band][Target];
        var others = _others[band];
        int total = target.Length + others.Length;
        double position = Percentile * (total - 1);
        int lower = (int)Math.Floor(position);
        float low = KthOfUnion(target, targetGain, others, lower);
        if (lower + 1 >= total || position == lower) return low;
        float high = KthOfUnion(target, targetGain, others, lower + 1);
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

    private static float[] Merge(float[] a, float[] b)
    {
        var merged = new float[a.Length + b.Length];
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length) merged[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        while (i < a.Length) merged[k++] = a[i++];
        while (j < b.Length) merged[k++] = b[j++];
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

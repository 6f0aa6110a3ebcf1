namespace AutoFoh.Dsp.Statistics;

/// <summary>
/// Percentiles with linear interpolation between order statistics (Hyndman and Fan's definition 7,
/// NumPy's default), so figures match the Python tools the papers used.
/// </summary>
public static class Percentile
{
    /// <summary>Percentile of already sorted values; <paramref name="fraction"/> in 0..1.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values to take a percentile of", nameof(sorted));
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "percentile fraction must be in 0..1");
        double position = fraction * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /// <summary>
    /// Percentile of <paramref name="values"/>, reordering them in place (expected linear time by
    /// quickselect, no allocation). <paramref name="fraction"/> in 0..1.
    /// </summary>
    public static float InPlace(Span<float> values, double fraction)
    {
        if (values.IsEmpty) throw new ArgumentException("no values to take a percentile of", nameof(values));
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "percentile fraction must be in 0..1");
        double position = fraction * (values.Length - 1);
        int lower = (int)Math.Floor(position);
        float low = Select(values, lower);
        if (lower + 1 >= values.Length || position == lower) return low;
        // After selecting rank `lower`, everything right of it is >= it: the next order statistic is their minimum.
        float high = float.PositiveInfinity;
        foreach (float v in values[(lower + 1)..]) if (v < high) high = v;
        return (float)(low + (position - lower) * (high - low));
    }

    /// <summary>
    /// The same figure as <see cref="InPlace"/> without touching <paramref name="values"/>, faster for
    /// fractions near 1 (a dominance threshold is the 95th percentile): only the values that can hold the
    /// answer are collected into <paramref name="scratch"/> (at least as long as the values) and selected.
    /// </summary>
    public static float OfValues(ReadOnlySpan<float> values, double fraction, Span<float> scratch)
    {
        if (values.IsEmpty) throw new ArgumentException("no values to take a percentile of", nameof(values));
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "percentile fraction must be in 0..1");
        int length = values.Length;
        double position = fraction * (length - 1);
        int lower = (int)Math.Floor(position);
        // The order statistics at lower and lower + 1 are among the (length − lower) largest values.
        int count = CollectLargest(values, length - lower, scratch);
        var candidates = scratch[..count];
        int rank = lower - (length - count);
        float low = Select(candidates, rank);
        if (lower + 1 >= length || position == lower) return low;
        float high = float.PositiveInfinity;
        foreach (float v in candidates[(rank + 1)..]) if (v < high) high = v;
        return (float)(low + (position - lower) * (high - low));
    }

    /// <summary>The <c>largest.Length</c> largest of <paramref name="values"/>, in no particular order.</summary>
    public static void Largest(ReadOnlySpan<float> values, Span<float> largest, Span<float> scratch)
    {
        int keep = largest.Length;
        if (keep == 0) return;
        if (keep > values.Length) throw new ArgumentException($"asked for the {keep} largest of {values.Length} values", nameof(largest));
        int count = CollectLargest(values, keep, scratch);
        if (count > keep) Select(scratch[..count], count - keep);
        scratch[(count - keep)..count].CopyTo(largest);
    }

    /// <summary>
    /// Copies into <paramref name="scratch"/> the c largest values for some c ≥ <paramref name="atLeast"/>
    /// and returns c. A pivot from a sorted sample of 64 values, set to leave about 1.5 times the wanted
    /// count above it, lets one branch-free pass collect them; when the sample misleads (too few above the
    /// pivot, or the tail is not small), everything is copied (c = length).
    /// </summary>
    private static int CollectLargest(ReadOnlySpan<float> values, int atLeast, Span<float> scratch)
    {
        int length = values.Length;
        if (scratch.Length < length) throw new ArgumentException($"scratch holds {scratch.Length} values, needs {length}", nameof(scratch));
        const int SampleSize = 64;
        if (length >= 8 * SampleSize && atLeast * 4 <= length)
        {
            Span<float> sample = stackalloc float[SampleSize];
            for (int k = 0; k < SampleSize; k++) sample[k] = values[(int)((2 * k + 1L) * length / (2 * SampleSize))];
            sample.Sort();
            double share = 1.5 * atLeast / length + 3.0 / SampleSize;
            float pivot = sample[Math.Max(0, (int)Math.Floor((1 - share) * SampleSize))];
            int count = 0;
            foreach (float v in values)
            {
                scratch[count] = v;
                count += v >= pivot ? 1 : 0;
            }
            if (count >= atLeast) return count;
        }
        values.CopyTo(scratch);
        return length;
    }

    /// <summary>
    /// Hoare's quickselect: puts the k-th smallest value (0-based) at index k, smaller or equal values
    /// left of it and greater or equal ones right of it, and returns it. Expected linear time, no allocation.
    /// </summary>
    public static float Select(Span<float> values, int k)
    {
        if ((uint)k >= (uint)values.Length) throw new ArgumentOutOfRangeException(nameof(k), k, $"rank must be in 0..{values.Length - 1}");
        int left = 0, right = values.Length - 1;
        while (right > left)
        {
            // Median of three as pivot keeps sorted and constant inputs linear.
            int mid = left + (right - left) / 2;
            if (values[mid] < values[left]) Swap(values, mid, left);
            if (values[right] < values[left]) Swap(values, right, left);
            if (values[right] < values[mid]) Swap(values, right, mid);
            float pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) { Swap(values, i, j); i++; j--; }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }

    private static void Swap(Span<float> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);
}

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

    /// <summary>Hoare's quickselect: puts the k-th smallest value at index k and returns it.</summary>
    private static float Select(Span<float> values, int k)
    {
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

using System.Runtime.InteropServices;

namespace AutoFoh.Dsp.Statistics;

/// <summary>
/// Least-significant-digit radix sort for non-negative floats (magnitudes, powers, RMS values): their IEEE
/// bit patterns order like the numbers, so four counting passes over bytes sort them, skipping a pass
/// when every value shares that byte. For the few hundred to few thousand values of a spectral band it
/// measured several times faster than <see cref="Array.Sort(Array)"/>'s introsort.
/// </summary>
public static class RadixSort
{
    /// <summary>
    /// Sorts <paramref name="values"/> ascending, using <paramref name="scratch"/> (at least as long) as
    /// the second buffer. Every value must be +0, positive or +∞ (a negative value or NaN is refused).
    /// </summary>
    public static void SortNonNegative(Span<float> values, Span<float> scratch)
    {
        int n = values.Length;
        if (n < 2) return;
        if (scratch.Length < n) throw new ArgumentException($"scratch holds {scratch.Length} values, needs {n}", nameof(scratch));
        Span<int> counts = stackalloc int[4 * 256];
        counts.Clear();
        var keys = MemoryMarshal.Cast<float, uint>(values);
        foreach (uint key in keys)
        {
            if (key > 0x7F800000u) throw new ArgumentException($"radix sort needs non-negative numbers, got {BitConverter.UInt32BitsToSingle(key)}", nameof(values));
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)(key >> 8 & 0xFF)]++;
            counts[512 + (int)(key >> 16 & 0xFF)]++;
            counts[768 + (int)(key >> 24)]++;
        }
        var source = keys;
        var target = MemoryMarshal.Cast<float, uint>(scratch[..n]);
        bool inScratch = false;
        for (int pass = 0; pass < 4; pass++)
        {
            int shift = 8 * pass;
            var count = counts.Slice(256 * pass, 256);
            if (count[(int)(source[0] >> shift & 0xFF)] == n) continue;   // one digit for all: nothing moves
            int offset = 0;
            for (int d = 0; d < 256; d++) { int c = count[d]; count[d] = offset; offset += c; }
            foreach (uint key in source) target[count[(int)(key >> shift & 0xFF)]++] = key;
            var swap = source; source = target; target = swap;
            inScratch = !inScratch;
        }
        if (inScratch) source.CopyTo(keys);
    }
}

using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>
/// The part of one analysis frame that dominance can ever depend on, whatever the instruments' gains: in
/// each critical band, each instrument's largest magnitudes, sorted ascending.
///
/// A band holds T = N·L bins (N instruments, L bins each). Its threshold is interpolated between the
/// order statistics at 0-based ranks lo = ⌊p·(T−1)⌋ and lo + 1 of all T magnitudes, and only bins above
/// the threshold are counted, so nothing below the K = T − lo largest of the band matters. Scaling one
/// instrument reorders the instruments against each other but never an instrument's own bins, so its K
/// largest (or all L, when L ≤ K) contain every bin that can reach the top K of the union at any gain.
/// For p = 0.95 and four instruments that keeps at most a fifth of each band, which is what makes a gain
/// search cheap: sorting the kept bins costs a fraction of sorting the frame.
/// </summary>
public sealed class BandTops
{
    private readonly float[][][] _top;   // [band][instrument] ascending, the instrument's largest Kept[band] (or all)

    public BandTops(PerceptualDominance analysis, IReadOnlyList<float[]>? magnitudes = null)
    {
        int n = analysis.InstrumentCount;
        InstrumentCount = n;
        Percentile = analysis.Options.Percentile;
        var bands = CriticalBands.BinRanges(analysis.WindowSamples, analysis.SampleRateHz);
        _top = new float[CriticalBands.Count][][];
        Totals = new int[CriticalBands.Count];
        Kept = new int[CriticalBands.Count];
        var scratch = new float[bands.Max(b => b.Length)];
        var sortScratch = new float[scratch.Length];
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            int length = bands[b].Length, total = n * length;
            Totals[b] = total;
            Kept[b] = total == 0 ? 0 : total - (int)Math.Floor(Percentile * (total - 1));
            _top[b] = new float[n][];
            for (int i = 0; i < n; i++)
            {
                var source = (magnitudes is null ? analysis.Magnitudes(i) : magnitudes[i]).Slice(bands[b].Start, length);
                var top = new float[Math.Min(length, Kept[b])];
                Largest(source, top, scratch, sortScratch);
                _top[b][i] = top;
            }
        }
    }

    /// <summary>The largest <c>top.Length</c> values of <paramref name="source"/>, sorted ascending (radix sort: magnitudes are non-negative).</summary>
    private static void Largest(ReadOnlySpan<float> source, float[] top, float[] scratch, float[] sortScratch)
    {
        Dsp.Statistics.Percentile.Largest(source, top, scratch);
        Dsp.Statistics.RadixSort.SortNonNegative(top, sortScratch);
    }

    public int InstrumentCount { get; }
    public double Percentile { get; }

    /// <summary>Bins in each band over all instruments (T).</summary>
    public int[] Totals { get; }

    /// <summary>How many of the band's largest magnitudes can matter (K = T − ⌊p·(T−1)⌋).</summary>
    public int[] Kept { get; }

    /// <summary>Instrument <paramref name="instrument"/>'s largest magnitudes in band <paramref name="band"/>, ascending.</summary>
    public float[] Top(int band, int instrument) => _top[band][instrument];
}

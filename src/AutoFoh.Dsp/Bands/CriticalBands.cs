namespace AutoFoh.Dsp.Bands;

/// <summary>
/// Zwicker's 24 critical bands (Zwicker 1961, the Bark scale's band edges), as used by SoLAR's
/// perceptual dominance (seed 000, section 4.1). Band b spans [Edges[b], Edges[b+1]) Hz; content above
/// 15.5 kHz belongs to no band.
/// </summary>
public static class CriticalBands
{
    public const int Count = 24;

    private static readonly double[] EdgesHzArray =
    [
        0, 100, 200, 300, 400, 510, 630, 770, 920, 1080, 1270, 1480, 1720, 2000, 2320, 2700, 3150, 3700,
        4400, 5300, 6400, 7700, 9500, 12000, 15500,
    ];

    /// <summary>The 25 band edges in Hz.</summary>
    public static ReadOnlySpan<double> EdgesHz => EdgesHzArray;

    /// <summary>Band index of <paramref name="frequencyHz"/>, or -1 outside 0..15500 Hz.</summary>
    public static int BandOf(double frequencyHz)
    {
        if (frequencyHz < 0 || frequencyHz >= EdgesHzArray[^1] || double.IsNaN(frequencyHz)) return -1;
        int index = Array.BinarySearch(EdgesHzArray, frequencyHz);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>
    /// For an FFT of <paramref name="fftSize"/> at <paramref name="sampleRateHz"/>, the bins of each band as
    /// [start, end) ranges. A band narrower than a bin may hold no bins (Start == End).
    /// </summary>
    public static BinRange[] BinRanges(int fftSize, double sampleRateHz)
    {
        if (fftSize < 2) throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "FFT size must be >= 2");
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        int binCount = fftSize / 2 + 1;
        var ranges = new BinRange[Count];
        for (int b = 0; b < Count; b++)
        {
            int start = Math.Min(binCount, (int)Math.Ceiling(EdgesHzArray[b] * fftSize / sampleRateHz));
            int end = Math.Min(binCount, (int)Math.Ceiling(EdgesHzArray[b + 1] * fftSize / sampleRateHz));
            ranges[b] = new BinRange(start, end);
        }
        return ranges;
    }
}

/// <summary>A half-open range of FFT bins [Start, End).</summary>
public readonly record struct BinRange(int Start, int End)
{
    public int Length => End - Start;
}

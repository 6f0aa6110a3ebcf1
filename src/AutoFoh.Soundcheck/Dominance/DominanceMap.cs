using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>
/// Perceptual instrument dominance over time (seed 000, section 4.1): for each second t, critical band b
/// and instrument i, the share of the band's loudest bins that belong to that instrument. Shares of a
/// band sum to 1. Stored row-major as [frame, band, instrument].
/// </summary>
public sealed class DominanceMap
{
    public DominanceMap(IReadOnlyList<string> instruments, int frames, float[]? shares = null)
    {
        if (instruments.Count == 0) throw new ArgumentException("a dominance map needs at least one instrument", nameof(instruments));
        Instruments = instruments.ToArray();
        Frames = frames;
        int length = frames * CriticalBands.Count * instruments.Count;
        if (shares is not null && shares.Length != length)
            throw new ArgumentException($"shares hold {shares.Length} values, {frames} frames x 24 bands x {instruments.Count} instruments need {length}", nameof(shares));
        Shares = shares ?? new float[length];
    }

    public IReadOnlyList<string> Instruments { get; }
    public int InstrumentCount => Instruments.Count;
    public int Frames { get; }
    public static int Bands => CriticalBands.Count;

    /// <summary>Flat [frame, band, instrument] storage.</summary>
    public float[] Shares { get; }

    public float this[int frame, int band, int instrument]
    {
        get => Shares[Index(frame, band, instrument)];
        set => Shares[Index(frame, band, instrument)] = value;
    }

    /// <summary>The 24 x instruments shares of one frame.</summary>
    public Span<float> Frame(int frame) => Shares.AsSpan(frame * Bands * InstrumentCount, Bands * InstrumentCount);

    public int IndexOf(string instrument)
    {
        for (int i = 0; i < Instruments.Count; i++)
            if (string.Equals(Instruments[i], instrument, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private int Index(int frame, int band, int instrument) => (frame * Bands + band) * InstrumentCount + instrument;
}

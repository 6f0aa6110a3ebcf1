using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;

namespace AutoFoh.Soundcheck.Reference;

/// <summary>
/// The exact minimiser of the mean squared error for a discrete input: for every presence combination
/// the reference shows, the mean of its dominance frames. Seed 000 fitted 24 small networks to the same
/// mapping; with at most 2^N inputs a table is the optimum those networks approximate.
///
/// For a combination the reference never shows, the fallback assumes instruments share a band
/// independently: each playing instrument gets its mean share over the frames in which it plays,
/// silent instruments get nothing, and each band is renormalised to sum to 1. With nobody playing, every
/// instrument gets 1/N (the silent-band rule of <see cref="PerceptualDominance"/>).
/// </summary>
public sealed class ConditionalMeanTable : IMixPredictor
{
    private readonly Dictionary<ulong, float[]> _means;
    private readonly float[] _meanWhenPlaying;

    public ConditionalMeanTable(IReadOnlyList<string> instruments, Dictionary<ulong, float[]> means, float[] meanWhenPlaying, Dictionary<ulong, int> counts)
    {
        Instruments = instruments.ToArray();
        _means = means;
        _meanWhenPlaying = meanWhenPlaying;
        Counts = counts;
    }

    public IReadOnlyList<string> Instruments { get; }

    /// <summary>How many reference frames each combination had.</summary>
    public IReadOnlyDictionary<ulong, int> Counts { get; }

    /// <summary>Per band and instrument, the mean share over the frames in which that instrument plays.</summary>
    public ReadOnlySpan<float> MeanWhenPlaying => _meanWhenPlaying;

    public IReadOnlyDictionary<ulong, float[]> Means => _means;

    public static ConditionalMeanTable Fit(DominanceMap dominance, PresenceMap presence, int firstFrame = 0, int frameCount = -1)
    {
        if (dominance.InstrumentCount != presence.Instruments.Count) throw new ArgumentException("dominance and presence describe different instruments");
        int n = dominance.InstrumentCount, width = CriticalBands.Count * n;
        int end = frameCount < 0 ? dominance.Frames : firstFrame + frameCount;
        var sums = new Dictionary<ulong, double[]>();
        var counts = new Dictionary<ulong, int>();
        var playingSums = new double[width];
        var playingCounts = new int[n];
        for (int t = firstFrame; t < end; t++)
        {
            ulong mask = presence.Masks[t];
            var frame = dominance.Frame(t);
            if (!sums.TryGetValue(mask, out var sum)) sums[mask] = sum = new double[width];
            counts[mask] = counts.GetValueOrDefault(mask) + 1;
            for (int k = 0; k < width; k++) sum[k] += frame[k];
            for (int i = 0; i < n; i++)
            {
                if ((mask >> i & 1) == 0) continue;
                playingCounts[i]++;
                for (int b = 0; b < CriticalBands.Count; b++) playingSums[b * n + i] += frame[b * n + i];
            }
        }
        var means = sums.ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => (float)(v / counts[kv.Key])).ToArray());
        var meanWhenPlaying = new float[width];
        for (int b = 0; b < CriticalBands.Count; b++)
            for (int i = 0; i < n; i++)
                meanWhenPlaying[b * n + i] = playingCounts[i] == 0 ? 0 : (float)(playingSums[b * n + i] / playingCounts[i]);
        return new ConditionalMeanTable(dominance.Instruments, means, meanWhenPlaying, counts);
    }

    public void Predict(ulong playing, Span<float> shares)
    {
        int n = Instruments.Count;
        if (shares.Length != CriticalBands.Count * n) throw new ArgumentException($"shares span has {shares.Length} values, needs {CriticalBands.Count * n}", nameof(shares));
        if (_means.TryGetValue(playing, out var mean)) { mean.CopyTo(shares); return; }
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            var row = shares.Slice(b * n, n);
            float total = 0;
            for (int i = 0; i < n; i++)
            {
                row[i] = (playing >> i & 1) != 0 ? _meanWhenPlaying[b * n + i] : 0f;
                total += row[i];
            }
            if (total > 0) for (int i = 0; i < n; i++) row[i] /= total;
            else if (playing == 0) row.Fill(1f / n);
            else for (int i = 0; i < n; i++) row[i] = (playing >> i & 1) != 0 ? 1f / System.Numerics.BitOperations.PopCount(playing) : 0f;
        }
    }
}

using AutoFoh.Dsp.Bands;
using AutoFoh.Dsp.Statistics;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Soundcheck.Dominance;

/// <summary>
/// Seed 000, section 4.1: STFT every stem with one-second windows; in each critical band, take the 95th
/// percentile of the magnitudes of all stems' bins in that band, count each stem's bins above it, and
/// divide by the total count to get the band's shares.
///
/// A band where no bin exceeds the threshold (silence in every stem, or all magnitudes equal) has no
/// dominant instrument: each instrument gets an equal share 1/N. This keeps every band's shares summing
/// to 1 (the reference model's softmax can represent it), never divides by zero, and makes a silent band
/// contribute the same in the live mix and in the reference, so it does not push the advice either way.
///
/// One instance holds preallocated buffers for one stem count and sample rate; analysing a frame
/// allocates nothing. Not thread-safe.
/// </summary>
public sealed class PerceptualDominance
{
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly float[][] _magnitudes;
    private readonly float[] _pool, _scratch;
    private readonly BinRange[] _bands;

    public PerceptualDominance(double sampleRateHz, int instrumentCount, DominanceOptions? options = null)
    {
        Options = options ?? DominanceOptions.Default;
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (instrumentCount < 1) throw new ArgumentOutOfRangeException(nameof(instrumentCount), instrumentCount, "need at least one instrument");
        SampleRateHz = sampleRateHz;
        InstrumentCount = instrumentCount;
        WindowSamples = EvenSamples(Options.WindowSeconds * sampleRateHz);
        HopSamples = Math.Max(1, (int)Math.Round(Options.HopSeconds * sampleRateHz));
        _fft = new RealFft(WindowSamples);
        _window = Window.Create(Options.Window, WindowSamples);
        _magnitudes = Enumerable.Range(0, instrumentCount).Select(_ => new float[_fft.BinCount]).ToArray();
        _bands = CriticalBands.BinRanges(WindowSamples, sampleRateHz);
        _pool = new float[_bands.Max(b => b.Length) * instrumentCount];
        _scratch = new float[_pool.Length];
    }

    public DominanceOptions Options { get; }
    public double SampleRateHz { get; }
    public int InstrumentCount { get; }
    public int WindowSamples { get; }
    public int HopSamples { get; }

    /// <summary>Number of whole analysis frames in <paramref name="samples"/> samples (a partial last window is dropped).</summary>
    public int FrameCount(int samples) => samples < WindowSamples ? 0 : 1 + (samples - WindowSamples) / HopSamples;

    /// <summary>Dominance of every whole frame of the stems (mono, equal length, one per instrument).</summary>
    public DominanceMap Compute(IReadOnlyList<string> instruments, IReadOnlyList<float[]> stems, IReadOnlyList<float>? gains = null)
    {
        CheckStems(instruments.Count, stems.Count);
        int length = stems[0].Length;
        for (int i = 1; i < stems.Count; i++)
            if (stems[i].Length != length)
                throw new ArgumentException($"stem '{instruments[i]}' has {stems[i].Length} samples, '{instruments[0]}' has {length}: stems must be equally long");
        var map = new DominanceMap(instruments, FrameCount(length));
        for (int t = 0; t < map.Frames; t++)
        {
            for (int i = 0; i < stems.Count; i++) LoadMagnitudes(i, stems[i].AsSpan(t * HopSamples, WindowSamples));
            SharesFromMagnitudes(map.Frame(t), gains);
        }
        return map;
    }

    /// <summary>
    /// Magnitude spectrum of instrument <paramref name="instrument"/>'s window, kept for
    /// <see cref="SharesFromMagnitudes"/>. Magnitudes scale linearly with gain, so a caller that searches
    /// gains can analyse once and re-share many times.
    /// </summary>
    public void LoadMagnitudes(int instrument, ReadOnlySpan<float> window)
    {
        if (window.Length != WindowSamples) throw new ArgumentException($"window has {window.Length} samples, expected {WindowSamples}", nameof(window));
        _fft.ForwardMagnitude(window, _window, _magnitudes[instrument]);
    }

    /// <summary>Copies the loaded magnitudes of <paramref name="instrument"/> out (for caching).</summary>
    public ReadOnlySpan<float> Magnitudes(int instrument) => _magnitudes[instrument];

    /// <summary>Sets the magnitudes of <paramref name="instrument"/> directly (from a cache).</summary>
    public void SetMagnitudes(int instrument, ReadOnlySpan<float> magnitudes) => magnitudes.CopyTo(_magnitudes[instrument]);

    /// <summary>
    /// The 24 x N shares of the loaded magnitudes, each instrument's magnitudes multiplied by its linear
    /// gain (1 when <paramref name="gains"/> is null).
    /// </summary>
    public void SharesFromMagnitudes(Span<float> shares, IReadOnlyList<float>? gains = null)
    {
        int n = InstrumentCount;
        if (shares.Length != CriticalBands.Count * n) throw new ArgumentException($"shares span has {shares.Length} values, needs {CriticalBands.Count * n}", nameof(shares));
        for (int b = 0; b < CriticalBands.Count; b++)
        {
            var range = _bands[b];
            var row = shares.Slice(b * n, n);
            if (range.Length == 0) { row.Fill(1f / n); continue; }
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                float g = gains is null ? 1f : gains[i];
                var m = _magnitudes[i].AsSpan(range.Start, range.Length);
                for (int k = 0; k < m.Length; k++) _pool[count++] = m[k] * g;
            }
            float threshold = Percentile.OfValues(_pool.AsSpan(0, count), Options.Percentile, _scratch);
            int total = 0;
            for (int i = 0; i < n; i++)
            {
                float g = gains is null ? 1f : gains[i];
                int above = 0;
                var m = _magnitudes[i].AsSpan(range.Start, range.Length);
                for (int k = 0; k < m.Length; k++) if (m[k] * g > threshold) above++;
                row[i] = above;
                total += above;
            }
            if (total == 0) row.Fill(1f / n);
            else for (int i = 0; i < n; i++) row[i] /= total;
        }
    }

    private void CheckStems(int names, int stems)
    {
        if (names != stems) throw new ArgumentException($"{names} instrument names for {stems} stems");
        if (stems != InstrumentCount) throw new ArgumentException($"{stems} stems given, this analysis was prepared for {InstrumentCount}");
    }

    private static int EvenSamples(double samples)
    {
        int n = (int)Math.Round(samples);
        return Math.Max(2, n + (n & 1));
    }
}

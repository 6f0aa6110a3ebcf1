using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.LineCheck;

/// <summary>
/// Level tracking informed by the reference: the band plays the reference's song, so once the live
/// microphone is placed in it (<see cref="ReferencePassages.Locate"/>), the reference tells what each
/// instrument plays in this very second. The line check, placed in the same reference, gives each
/// instrument's transfer from the reference stem to the laptop at its line-check level (room, microphone,
/// amplifier: take power over reference power per pooled band, over the passage). The live second's
/// power spectrum is then fitted by Σ_i 10^(Δ_i/10)·H_i·R_i(now) (least squares in dB, as
/// <see cref="LevelTrackingSeparator.FitLevels"/>), so a louder chorus or a quiet verse is no longer read
/// as a change of the amplifier, and an instrument the reference has resting here is not judged.
/// </summary>
public sealed class InformedTracker
{
    private readonly ReferencePassages _passages;
    private readonly int[] _columns;
    private readonly double[][] _transfer;   // [instrument][band]
    private readonly double[] _typical;      // per instrument, the median total power of frames where it plays
    private readonly PooledSpectrogram _pooled;
    private readonly double[]?[] _shapes;
    private readonly double[] _noise;        // the microphone's noise power per band, from the takes' quietest frames

    public InformedTracker(ReferencePassages passages, AlignedLineCheck aligned, double floorDb = -40, double ceilingDb = 40)
    {
        if (!aligned.Found) throw new ArgumentException("the line check was not found in the reference: informed tracking needs its passage");
        _passages = passages;
        _columns = aligned.Columns;
        FloorDb = floorDb;
        CeilingDb = ceilingDb;
        _pooled = new PooledSpectrogram(passages.SampleRateHz);
        int n = _columns.Length, bands = passages.Bands, window = aligned.WindowSamples;
        _transfer = new double[n][];
        _typical = new double[n];
        _shapes = new double[n][];
        _noise = aligned.Takes.RoomTone is { } roomTone ? MeanPower(roomTone, _pooled) : NoiseFloor(aligned.Takes.Takes, _pooled);
        for (int i = 0; i < n; i++)
        {
            var take = new double[bands];
            var reference = new double[bands];
            for (int w = 0; w < aligned.Windows; w++)
            {
                int frame = aligned.ReferenceFrames[w];
                if (frame < 0) continue;
                var power = LevelTrackingSeparator.MeanPower(_pooled, aligned.Takes.Takes[i].AsSpan(aligned.OffsetSamples + w * window, window));
                var expected = passages.PowerAt(_columns[i], frame);
                for (int b = 0; b < bands; b++) { take[b] += power[b]; reference[b] += expected[b]; }
            }
            double floor = 1e-6 * Math.Max(1e-30, reference.Max());
            int used = aligned.ReferenceFrames.Count(f => f >= 0);
            _transfer[i] = Enumerable.Range(0, bands).Select(b => (Math.Max(take[b] - used * _noise[b], 0.01 * take[b]) + 1e-30) / Math.Max(reference[b], floor)).ToArray();
            var totals = Enumerable.Range(0, passages.Dominance.Frames).Select(f => Total(passages.PowerAt(_columns[i], f))).Where(t => t > 0).Order().ToList();
            _typical[i] = totals.Count == 0 ? 0 : totals[totals.Count / 2];
        }
    }

    public double FloorDb { get; }
    public double CeilingDb { get; }

    /// <summary>
    /// Fits each instrument's change since the line check in <paramref name="window"/>, which the band
    /// played at the reference's dominance frame <paramref name="frame"/>. An instrument the reference has
    /// (nearly) silent there is marked resting and its change left untouched.
    /// </summary>
    public void Fit(ReadOnlySpan<float> window, int frame, double[] changes, bool[] resting)
    {
        var power = LevelTrackingSeparator.MeanPower(_pooled, window);
        double all = 0;
        var totals = new double[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
        {
            var expected = _passages.PowerAt(_columns[i], frame);
            resting[i] = Total(expected) < 1e-3 * _typical[i];
            if (resting[i]) { _shapes[i] = null; continue; }
            var shape = _shapes[i] ??= new double[expected.Length];
            for (int b = 0; b < shape.Length; b++) shape[b] = _transfer[i][b] * expected[b];
            totals[i] = shape.Sum();
            all += totals[i];
        }
        // An instrument that the reference has more than 20 dB under the band here is as good as resting:
        // its level would be fitted to whatever the others' parts do not explain.
        for (int i = 0; i < _columns.Length; i++)
            if (!resting[i] && totals[i] < 0.01 * all) resting[i] = true;
        var shapes = _shapes.Select((s, i) => resting[i] ? null : s).ToArray();
        LevelTrackingSeparator.FitLevels(power, shapes, changes, FloorDb, CeilingDb, _noise);
    }

    /// <summary>
    /// The microphone's noise power per pooled band: the quietest take's 5th-percentile frame in each band
    /// (the noise is in every take, an instrument's sound is not always).
    /// </summary>
    private static double[] NoiseFloor(IReadOnlyList<float[]> takes, PooledSpectrogram pooled)
    {
        var noise = Enumerable.Repeat(double.PositiveInfinity, pooled.Bands).ToArray();
        foreach (var take in takes)
        {
            var v = pooled.Compute(take, out int frames);
            if (frames == 0) continue;
            var column = new double[frames];
            for (int b = 0; b < pooled.Bands; b++)
            {
                for (int t = 0; t < frames; t++) column[t] = (double)v[b * frames + t] * v[b * frames + t];
                Array.Sort(column);
                noise[b] = Math.Min(noise[b], column[frames / 20]);
            }
        }
        for (int b = 0; b < noise.Length; b++) if (double.IsInfinity(noise[b])) noise[b] = 0;
        return noise;
    }

    /// <summary>The microphone's noise power per pooled band, measured on the room tone.</summary>
    private static double[] MeanPower(float[] roomTone, PooledSpectrogram pooled)
    {
        var v = pooled.Compute(roomTone, out int frames);
        var noise = new double[pooled.Bands];
        if (frames == 0) return noise;
        for (int b = 0; b < pooled.Bands; b++)
        {
            for (int t = 0; t < frames; t++) noise[b] += (double)v[b * frames + t] * v[b * frames + t];
            noise[b] /= frames;
        }
        return noise;
    }

    private static double Total(ReadOnlySpan<float> power)
    {
        double sum = 0;
        foreach (float p in power) sum += p;
        return sum;
    }
}

using AutoFoh.Soundcheck.Dominance;

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// Line-check level tracking, the separation that won on the real songs (docs/results.md): instead of
/// splitting the microphone's spectrum, it measures how far each instrument has moved from its own
/// line-check level, and hands the analysis the instrument's clean line-check spectra at that level.
///
/// The level change comes from the shape of the live second's long-term spectrum. Sounds that do not
/// cancel add in power, so with each instrument's average power spectrum P_i from its take (through the
/// same room and microphone) the band's spectrum at changes Δ_i is Σ_i 10^(Δ_i/10)·P_i. The Δ_i are fitted
/// to the live pooled power spectrum by least squares in decibels (every band counts the same, quiet
/// highs as much as loud lows), coordinate by coordinate on a coarse then a fine grid. A level below
/// <see cref="FloorDb"/> is reported as the floor ("not heard"). Fitting the shape rather than splitting
/// frames is what keeps a guitar apart from a backing band that has guitars of its own: a many-atom
/// dictionary lets the band borrow guitar-like atoms (the NMF baseline's split barely moved when the
/// guitar moved by 20 dB), one fixed spectrum per instrument cannot. The price: a part played louder or
/// softer than at the line check counts as a level change.
///
/// The spectra handed on are the take's own one-second windows in turn (those where the instrument
/// played), scaled by the change, so the dominance of this "virtual band" has no cross-talk at all; the
/// dominance is unchanged by a common change of every instrument, which the fit cannot tell from the
/// band playing a louder part.
/// </summary>
public sealed class LevelTrackingSeparator : ISpectralSeparator
{
    private readonly PooledSpectrogram _pooled;
    private readonly double[][] _takePower;      // [instrument][band] mean power in the take
    private readonly float[][][] _takeWindows;   // [instrument][window][bin]
    private readonly double[] _changeDb;
    private int _windowsSeen;

    public LevelTrackingSeparator(IReadOnlyList<string> instruments, IReadOnlyList<float[]> takes, int sampleRateHz, int analysisWindowSamples,
        double floorDb = -40, double ceilingDb = 40)
    {
        if (instruments.Count != takes.Count) throw new ArgumentException($"{instruments.Count} instruments for {takes.Count} line-check takes");
        Instruments = instruments.ToArray();
        FloorDb = floorDb;
        CeilingDb = ceilingDb;
        _pooled = new PooledSpectrogram(sampleRateHz);
        var analysis = new PerceptualDominance(sampleRateHz, 1);
        int n = instruments.Count;
        _takePower = new double[n][];
        _takeWindows = new float[n][][];
        _changeDb = new double[n];
        for (int i = 0; i < n; i++)
        {
            var take = takes[i];
            _takePower[i] = MeanPower(_pooled, take);
            int windows = take.Length < analysisWindowSamples ? 0 : 1 + (take.Length - analysisWindowSamples) / analysisWindowSamples;
            var spectra = new List<(float[] Magnitudes, double Energy)>();
            for (int w = 0; w < windows; w++)
            {
                analysis.LoadMagnitudes(0, take.AsSpan(w * analysisWindowSamples, analysisWindowSamples));
                var magnitudes = analysis.Magnitudes(0).ToArray();
                spectra.Add((magnitudes, magnitudes.Sum(m => (double)m * m)));
            }
            if (spectra.Count == 0) throw new ArgumentException($"the line check of '{instruments[i]}' is shorter than one analysis window");
            // Windows where the instrument played: within 20 dB of its loudest.
            double loudest = spectra.Max(s => s.Energy);
            _takeWindows[i] = spectra.Where(s => s.Energy >= loudest * 0.01).Select(s => s.Magnitudes).ToArray();
        }
    }

    public IReadOnlyList<string> Instruments { get; }
    public double FloorDb { get; }
    public double CeilingDb { get; }

    /// <summary>Each instrument's level change against its line check in the last window (dB, within floor and ceiling).</summary>
    public IReadOnlyList<double> ChangeDb => _changeDb;

    public void Separate(ReadOnlySpan<float> window, ReadOnlySpan<float> micMagnitudes, float[][] estimates)
    {
        FitChanges(window, _changeDb);
        int k = _windowsSeen++;
        for (int i = 0; i < Instruments.Count; i++)
        {
            float gain = (float)Math.Pow(10, _changeDb[i] / 20);
            var spectrum = _takeWindows[i][k % _takeWindows[i].Length];
            var estimate = estimates[i];
            for (int b = 0; b < estimate.Length; b++) estimate[b] = gain * spectrum[b];
        }
    }

    /// <summary>Fits every instrument's change (dB) against its take to <paramref name="signal"/>'s pooled power spectrum.</summary>
    public void FitChanges(ReadOnlySpan<float> signal, double[] changes) =>
        FitLevels(MeanPower(_pooled, signal), _takePower, changes, FloorDb, CeilingDb);

    /// <summary>
    /// The changes Δ_i (dB) that make Σ_i 10^(Δ_i/10)·<paramref name="shapes"/>[i] match <paramref name="power"/>
    /// best in decibels (every band counts the same), coordinate by coordinate on a 1 dB then a 0.1 dB grid.
    /// An instrument whose shape is null is left out (it is resting) and its change is not touched.
    /// <paramref name="noise"/>, when given, is the microphone's own noise power, always present.
    /// </summary>
    public static void FitLevels(double[] power, IReadOnlyList<double[]?> shapes, double[] changes, double floorDb, double ceilingDb, double[]? noise = null)
    {
        int n = shapes.Count, bands = power.Length;
        var live = new double[bands];
        for (int b = 0; b < bands; b++) live[b] = 10 * Math.Log10(power[b] + 1e-30);
        var linear = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (shapes[i] is null) continue;
            changes[i] = 0;
            linear[i] = 1;
        }
        double Cost()
        {
            double cost = 0;
            for (int b = 0; b < bands; b++)
            {
                double sum = noise is null ? 1e-30 : noise[b] + 1e-30;
                for (int i = 0; i < n; i++) if (shapes[i] is { } shape) sum += linear[i] * shape[b];
                double difference = live[b] - 10 * Math.Log10(sum);
                cost += difference * difference;
            }
            return cost;
        }
        foreach (double step in new[] { 1.0, 0.1 })
            for (int pass = 0; pass < 4; pass++)
                for (int i = 0; i < n; i++)
                {
                    if (shapes[i] is null) continue;
                    double low = step == 1.0 ? floorDb : Math.Max(floorDb, changes[i] - 1);
                    double high = step == 1.0 ? ceilingDb : Math.Min(ceilingDb, changes[i] + 1);
                    double best = changes[i], bestCost = double.MaxValue;
                    for (double d = low; d <= high + 1e-9; d += step)
                    {
                        linear[i] = Math.Pow(10, d / 10);
                        double cost = Cost();
                        if (cost < bestCost) { bestCost = cost; best = d; }
                    }
                    changes[i] = best;
                    linear[i] = Math.Pow(10, best / 10);
                }
    }

    /// <summary>Mean power per pooled band over the STFT frames of <paramref name="signal"/>.</summary>
    public static double[] MeanPower(PooledSpectrogram pooled, ReadOnlySpan<float> signal)
    {
        var v = pooled.Compute(signal, out int frames);
        var power = new double[pooled.Bands];
        if (frames == 0) return power;
        for (int b = 0; b < power.Length; b++)
        {
            double sum = 0;
            for (int t = 0; t < frames; t++) sum += (double)v[b * frames + t] * v[b * frames + t];
            power[b] = sum / frames;
        }
        return power;
    }
}

using AutoFoh.Neural.Kernels;

namespace AutoFoh.Soundcheck.Separation;

/// <summary>How a line-check separator builds each instrument's dictionary and fits the live second.</summary>
public enum DictionaryKind
{
    /// <summary>KL-NMF atoms learned from the take (the baseline).</summary>
    Learned,

    /// <summary>Frames of the take itself, scaled to unit sum (exemplars): a live frame must be explained by
    /// whole sounds the instrument made, so a backing band cannot borrow a guitar-like atom without its drums.</summary>
    Exemplar,
}

/// <summary>Settings of <see cref="LineCheckSeparator"/>; each is one of the ideas measured in docs/results.md.</summary>
public sealed record LineCheckSeparationOptions
{
    public DictionaryKind Dictionary { get; init; } = DictionaryKind.Learned;

    /// <summary>Atoms per instrument (learned) or exemplars per instrument.</summary>
    public int AtomsPerInstrument { get; init; } = 24;

    /// <summary>Free atoms, updated on the live signal, for what no line check covers (room, crowd).</summary>
    public int FreeAtoms { get; init; } = 4;

    /// <summary>Multiplicative updates per live second.</summary>
    public int Iterations { get; init; } = 40;

    /// <summary>L1 weight on the activations (relative to the frame's mean magnitude); 0 for none.</summary>
    public double Sparsity { get; init; }

    /// <summary>Updates used to learn a take's atoms.</summary>
    public int LearningIterations { get; init; } = 80;

    public int Seed { get; init; } = 1;

    /// <summary>A short name for tables: learned-24, exemplar-64+sparse, ...</summary>
    public string Label => $"{(Dictionary == DictionaryKind.Learned ? "learned" : "exemplar")}-{AtomsPerInstrument}{(Sparsity > 0 ? $"+l1({Sparsity:0.##})" : "")}";
}

/// <summary>
/// Line-check separation of one microphone: each instrument's dictionary comes from its
/// line-check take, recorded alone through the same room and microphone, and stays fixed; a few free
/// atoms absorb what no take covers. Each live second is factorised (KL-NMF, multiplicative updates,
/// Lee and Seung 2001) in a pooled short-time spectrogram, and every instrument's estimate in the
/// analysis's fine bins is the microphone's magnitude times the square root of the instrument's share of
/// the modelled energy in that pooled band over the second (a Wiener-style soft mask).
///
/// Deterministic from the options' seed. Not thread-safe: one instance per stream.
/// </summary>
public sealed class LineCheckSeparator : ISpectralSeparator
{
    private const float Epsilon = 1e-9f;
    private readonly PooledSpectrogram _pooled;
    private readonly float[] _dictionary;        // [bands × atoms], instruments' atoms then free ones
    private readonly int _atoms, _instrumentAtoms;
    private readonly int[] _atomOwner;           // instrument of each atom, −1 for free
    private readonly LineCheckSeparationOptions _options;
    private readonly int[] _bandOfFineBin;       // dominance bin → pooled band
    private readonly float[] _shares;            // [instrument × band]

    public LineCheckSeparator(IReadOnlyList<string> instruments, IReadOnlyList<float[]> takes, int sampleRateHz, int analysisWindowSamples,
        LineCheckSeparationOptions? options = null)
    {
        if (instruments.Count != takes.Count) throw new ArgumentException($"{instruments.Count} instruments for {takes.Count} line-check takes");
        _options = options ?? new LineCheckSeparationOptions();
        Instruments = instruments.ToArray();
        _pooled = new PooledSpectrogram(sampleRateHz);
        int bands = _pooled.Bands, perInstrument = _options.AtomsPerInstrument;
        _instrumentAtoms = instruments.Count * perInstrument;
        _atoms = _instrumentAtoms + _options.FreeAtoms;
        _dictionary = new float[bands * _atoms];
        _atomOwner = new int[_atoms];
        for (int i = 0; i < instruments.Count; i++)
        {
            var v = _pooled.Compute(takes[i], out int frames);
            if (frames == 0) throw new ArgumentException($"the line check of '{instruments[i]}' is shorter than one analysis frame");
            var atoms = _options.Dictionary == DictionaryKind.Exemplar
                ? Exemplars(v, bands, frames, perInstrument)
                : Learn(v, bands, frames, perInstrument, _options.LearningIterations, _options.Seed + 17 * i);
            for (int b = 0; b < bands; b++)
                Array.Copy(atoms, b * perInstrument, _dictionary, b * _atoms + i * perInstrument, perInstrument);
            for (int a = 0; a < perInstrument; a++) _atomOwner[i * perInstrument + a] = i;
        }
        for (int a = _instrumentAtoms; a < _atoms; a++) _atomOwner[a] = -1;
        int fineBins = analysisWindowSamples / 2 + 1;
        _bandOfFineBin = new int[fineBins];
        for (int k = 0; k < fineBins; k++) _bandOfFineBin[k] = _pooled.BandOf(k * (double)sampleRateHz / analysisWindowSamples);
        _shares = new float[instruments.Count * bands];
    }

    public IReadOnlyList<string> Instruments { get; }
    public LineCheckSeparationOptions Options => _options;

    /// <summary>Each instrument's share of the modelled energy per pooled band in the last window, [instrument × band].</summary>
    public ReadOnlySpan<float> LastShares => _shares;

    public void Separate(ReadOnlySpan<float> window, ReadOnlySpan<float> micMagnitudes, float[][] estimates)
    {
        int bands = _pooled.Bands, n = Instruments.Count;
        var v = _pooled.Compute(window, out int frames);
        var random = new Random(_options.Seed);
        var w = (float[])_dictionary.Clone();
        for (int b = 0; b < bands; b++)
            for (int a = _instrumentAtoms; a < _atoms; a++) w[b * _atoms + a] = (0.5f + random.NextSingle()) / bands;
        var h = Factorize(v, w, bands, frames, _atoms, _options.Iterations, _instrumentAtoms, random, _options.Sparsity);
        // Energy share per instrument and pooled band over the window: Σ_t (part/whole)²·V² / Σ_t V².
        var whole = new float[bands * frames];
        MatMulKernel.Multiply(w, h, whole, bands, _atoms, frames, allowParallel: false);
        Array.Clear(_shares);
        var part = new float[frames];
        for (int b = 0; b < bands; b++)
        {
            double energy = 0;
            for (int t = 0; t < frames; t++) energy += (double)v[b * frames + t] * v[b * frames + t];
            for (int i = 0; i < n; i++)
            {
                Array.Clear(part);
                for (int a = 0; a < _instrumentAtoms; a++)
                {
                    if (_atomOwner[a] != i) continue;
                    float wa = w[b * _atoms + a];
                    if (wa == 0) continue;
                    for (int t = 0; t < frames; t++) part[t] += wa * h[a * frames + t];
                }
                double share = 0;
                for (int t = 0; t < frames; t++)
                {
                    double mask = part[t] / (whole[b * frames + t] + Epsilon);
                    double x = v[b * frames + t];
                    share += mask * mask * x * x;
                }
                _shares[i * bands + b] = energy > 0 ? (float)(share / energy) : 1f / n;
            }
        }
        for (int i = 0; i < n; i++)
        {
            var estimate = estimates[i];
            for (int k = 0; k < micMagnitudes.Length; k++)
            {
                int band = _bandOfFineBin[k];
                estimate[k] = band < 0 ? 0 : micMagnitudes[k] * MathF.Sqrt(_shares[i * bands + band]);
            }
        }
    }

    /// <summary>
    /// Each instrument's mean activation (summed over its atoms, averaged over frames) when
    /// <paramref name="signal"/> is factorised with the line-check dictionaries: how loud each instrument's
    /// sounds are in it, on the scale of its unit-sum atoms.
    /// </summary>
    public double[] MeanActivations(ReadOnlySpan<float> signal)
    {
        int bands = _pooled.Bands, n = Instruments.Count;
        var v = _pooled.Compute(signal, out int frames);
        var levels = new double[n];
        if (frames == 0) return levels;
        var random = new Random(_options.Seed);
        var w = (float[])_dictionary.Clone();
        for (int b = 0; b < bands; b++)
            for (int a = _instrumentAtoms; a < _atoms; a++) w[b * _atoms + a] = (0.5f + random.NextSingle()) / bands;
        var h = Factorize(v, w, bands, frames, _atoms, _options.Iterations, _instrumentAtoms, random, _options.Sparsity);
        for (int a = 0; a < _instrumentAtoms; a++)
        {
            double sum = 0;
            for (int t = 0; t < frames; t++) sum += h[a * frames + t];
            levels[_atomOwner[a]] += sum / frames;
        }
        return levels;
    }

    /// <summary>The mean activation of instrument <paramref name="instrument"/>'s atoms in its own take, fitted with its atoms alone.</summary>
    public double MeanActivation(ReadOnlySpan<float> take, int instrument)
    {
        int bands = _pooled.Bands, per = _options.AtomsPerInstrument;
        var v = _pooled.Compute(take, out int frames);
        if (frames == 0) return 0;
        var w = new float[bands * per];
        for (int b = 0; b < bands; b++) Array.Copy(_dictionary, b * _atoms + instrument * per, w, b * per, per);
        var h = Factorize(v, w, bands, frames, per, _options.Iterations, per, new Random(_options.Seed), 0);
        double sum = 0;
        foreach (float x in h) sum += x;
        return sum / frames;
    }

    /// <summary><paramref name="count"/> frames of the take spread over it, each scaled to unit sum (silent frames skipped).</summary>
    private static float[] Exemplars(float[] v, int bands, int frames, int count)
    {
        var loud = Enumerable.Range(0, frames).Select(t => (Frame: t, Sum: Enumerable.Range(0, bands).Sum(b => (double)v[b * frames + t])))
            .Where(x => x.Sum > 0).ToList();
        double median = loud.Count == 0 ? 0 : loud.Select(x => x.Sum).OrderBy(x => x).ElementAt(loud.Count / 2);
        var chosen = loud.Where(x => x.Sum > 0.05 * median).ToList();
        var atoms = new float[bands * count];
        for (int a = 0; a < count; a++)
        {
            if (chosen.Count == 0) { for (int b = 0; b < bands; b++) atoms[b * count + a] = 1f / bands; continue; }
            var (frame, sum) = chosen[(int)((2L * a + 1) * chosen.Count / (2L * count))];
            for (int b = 0; b < bands; b++) atoms[b * count + a] = (float)(v[b * frames + frame] / sum);
        }
        return atoms;
    }

    /// <summary>A dictionary [bands × atoms] with unit-sum atoms, learned by KL-NMF of one take.</summary>
    private static float[] Learn(float[] v, int bands, int frames, int atoms, int iterations, int seed)
    {
        var random = new Random(seed);
        var w = new float[bands * atoms];
        for (int i = 0; i < w.Length; i++) w[i] = 0.5f + random.NextSingle();
        Factorize(v, w, bands, frames, atoms, iterations, 0, random, 0);
        for (int a = 0; a < atoms; a++)
        {
            double sum = 0;
            for (int b = 0; b < bands; b++) sum += w[b * atoms + a];
            float scale = sum > 0 ? (float)(1 / sum) : 0;
            for (int b = 0; b < bands; b++) w[b * atoms + a] *= scale;
        }
        return w;
    }

    /// <summary>
    /// KL-NMF V ≈ W·H by multiplicative updates: H always (with an optional L1 penalty), and W's columns
    /// from <paramref name="updateFrom"/> on (the line-check dictionaries before it stay fixed). Returns H.
    /// </summary>
    private static float[] Factorize(float[] v, float[] w, int bands, int frames, int atoms, int iterations, int updateFrom, Random random, double sparsity)
    {
        var h = new float[atoms * frames];
        double mean = 0;
        foreach (float x in v) mean += x;
        mean /= Math.Max(1, v.Length);
        float start = (float)Math.Max(mean, 1e-6);
        for (int i = 0; i < h.Length; i++) h[i] = start * (0.5f + random.NextSingle());
        float penalty = (float)(sparsity * Math.Max(mean, 1e-12) * bands / Math.Max(1, atoms));
        var wt = new float[atoms * bands];
        var ratio = new float[bands * frames];
        var numerator = new float[atoms * frames];
        var ht = new float[frames * atoms];
        var numeratorW = new float[bands * atoms];
        var columnSums = new float[atoms];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            Ratio(v, w, h, ratio, bands, atoms, frames);
            MatMulKernel.Transpose(w, wt, bands, atoms);
            MatMulKernel.Multiply(wt, ratio, numerator, atoms, bands, frames, allowParallel: false);
            Array.Clear(columnSums);
            for (int b = 0; b < bands; b++)
                for (int a = 0; a < atoms; a++) columnSums[a] += w[b * atoms + a];
            for (int a = 0; a < atoms; a++)
            {
                float denominator = columnSums[a] + penalty + Epsilon;
                for (int t = 0; t < frames; t++) h[a * frames + t] *= numerator[a * frames + t] / denominator;
            }
            if (updateFrom >= atoms) continue;
            Ratio(v, w, h, ratio, bands, atoms, frames);
            MatMulKernel.Transpose(h, ht, atoms, frames);
            MatMulKernel.Multiply(ratio, ht, numeratorW, bands, frames, atoms, allowParallel: false);
            for (int a = updateFrom; a < atoms; a++)
            {
                double rowSum = 0;
                for (int t = 0; t < frames; t++) rowSum += h[a * frames + t];
                float denominator = (float)rowSum + Epsilon;
                for (int b = 0; b < bands; b++) w[b * atoms + a] *= numeratorW[b * atoms + a] / denominator;
            }
        }
        return h;
    }

    private static void Ratio(float[] v, float[] w, float[] h, float[] ratio, int bands, int atoms, int frames)
    {
        MatMulKernel.Multiply(w, h, ratio, bands, atoms, frames, allowParallel: false);
        for (int i = 0; i < ratio.Length; i++) ratio[i] = v[i] / (ratio[i] + Epsilon);
    }
}

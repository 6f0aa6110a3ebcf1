using System.Numerics;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;
using AutoFoh.Neural.Kernels;

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// The baseline separator: non-negative matrix factorisation of the microphone's magnitude
/// spectrogram with the KL divergence (Lee and Seung 2001, multiplicative updates). Each instrument's
/// dictionary (24 atoms by default) is learned from its line-check take, recorded alone through the
/// same microphone, and kept fixed; a few free atoms absorb the room and the crowd. The separated
/// signals come from soft masks (each instrument's part of the model over the whole model) applied to
/// the complex STFT, then the inverse STFT. Deterministic from its seed.
/// </summary>
public sealed class NmfLineCheckSeparator : ISeparator
{
    private const float Epsilon = 1e-9f;
    private readonly Stft _stft;
    private readonly float[][] _dictionaries;   // per instrument: [bins × atoms], row-major
    private readonly int _atoms, _freeAtoms, _iterations, _seed;

    public NmfLineCheckSeparator(IReadOnlyList<string> instruments, IReadOnlyList<float[]> lineChecks, int sampleRateHz,
        int atomsPerInstrument = 24, int freeAtoms = 4, int iterations = 60, int seed = 1, int fftSize = 2048, int hopSize = 512)
    {
        if (instruments.Count != lineChecks.Count) throw new ArgumentException($"{instruments.Count} instruments for {lineChecks.Count} line-check takes");
        for (int i = 0; i < lineChecks.Count; i++)
            if (lineChecks[i].Length < 3 * sampleRateHz)
                throw new ArgumentException($"the line check of '{instruments[i]}' lasts {lineChecks[i].Length / (double)sampleRateHz:0.0} s; at least 3 s are needed");
        Instruments = instruments.ToArray();
        SampleRateHz = sampleRateHz;
        _atoms = atomsPerInstrument;
        _freeAtoms = freeAtoms;
        _iterations = iterations;
        _seed = seed;
        _stft = new Stft(fftSize, hopSize, WindowType.Hann);
        _dictionaries = lineChecks.Select((take, i) => Learn(Magnitudes(take), atomsPerInstrument, 100, seed + 17 * i)).ToArray();
    }

    public IReadOnlyList<string> Instruments { get; }
    public int SampleRateHz { get; }
    private int Bins => _stft.BinCount;

    public float[][] Separate(ReadOnlySpan<float> mixture)
    {
        var spectrum = _stft.Forward(mixture);
        int frames = spectrum.Length, bins = Bins, n = Instruments.Count;
        var v = new float[bins * frames];
        for (int t = 0; t < frames; t++)
            for (int f = 0; f < bins; f++) v[f * frames + t] = (float)spectrum[t][f].Magnitude;
        int k = n * _atoms + _freeAtoms;
        var w = new float[bins * k];
        for (int i = 0; i < n; i++)
            for (int f = 0; f < bins; f++)
                Array.Copy(_dictionaries[i], f * _atoms, w, f * k + i * _atoms, _atoms);
        var random = new Random(_seed);
        for (int f = 0; f < bins; f++)
            for (int a = n * _atoms; a < k; a++) w[f * k + a] = 0.5f + random.NextSingle();
        var h = Factorize(v, w, bins, frames, k, _iterations, updateFrom: n * _atoms, random);
        // Soft masks: instrument i's model over the whole model.
        var whole = Product(w, h, bins, k, frames, 0, k);
        var outputs = new float[n][];
        for (int i = 0; i < n; i++)
        {
            var part = Product(w, h, bins, k, frames, i * _atoms, (i + 1) * _atoms);
            var masked = new Complex[frames][];
            for (int t = 0; t < frames; t++)
            {
                masked[t] = new Complex[bins];
                for (int f = 0; f < bins; f++)
                    masked[t][f] = spectrum[t][f] * (part[f * frames + t] / (whole[f * frames + t] + Epsilon));
            }
            outputs[i] = _stft.Inverse(masked, mixture.Length);
        }
        return outputs;
    }

    private float[] Magnitudes(float[] signal)
    {
        var spectrogram = _stft.Magnitude(signal);
        int frames = spectrogram.Length, bins = Bins;
        var v = new float[bins * frames];
        for (int t = 0; t < frames; t++)
            for (int f = 0; f < bins; f++) v[f * frames + t] = spectrogram[t][f];
        return v;
    }

    /// <summary>A dictionary [bins × atoms] with unit-sum atoms, learned by KL-NMF of one take.</summary>
    private float[] Learn(float[] v, int atoms, int iterations, int seed)
    {
        int bins = Bins, frames = v.Length / bins;
        var random = new Random(seed);
        var w = new float[bins * atoms];
        for (int i = 0; i < w.Length; i++) w[i] = 0.5f + random.NextSingle();
        Factorize(v, w, bins, frames, atoms, iterations, updateFrom: 0, random);
        for (int a = 0; a < atoms; a++)
        {
            double sum = 0;
            for (int f = 0; f < bins; f++) sum += w[f * atoms + a];
            float scale = sum > 0 ? (float)(1 / sum) : 0;
            for (int f = 0; f < bins; f++) w[f * atoms + a] *= scale;
        }
        return w;
    }

    /// <summary>
    /// KL-NMF V ≈ W·H by multiplicative updates: H always, and W's columns from <paramref name="updateFrom"/>
    /// on (the dictionaries before it stay fixed). Returns H [atoms × frames].
    /// </summary>
    private static float[] Factorize(float[] v, float[] w, int bins, int frames, int atoms, int iterations, int updateFrom, Random random)
    {
        var h = new float[atoms * frames];
        for (int i = 0; i < h.Length; i++) h[i] = 0.5f + random.NextSingle();
        var wt = new float[atoms * bins];
        var ratio = new float[bins * frames];
        var numerator = new float[atoms * frames];
        var ht = new float[frames * atoms];
        var numeratorW = new float[bins * atoms];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            // H ← H ⊙ (Wᵀ (V / WH)) / (Wᵀ 1)
            Ratio(v, w, h, ratio, bins, atoms, frames);
            MatMulKernel.Transpose(w, wt, bins, atoms);
            MatMulKernel.Multiply(wt, ratio, numerator, atoms, bins, frames);
            for (int a = 0; a < atoms; a++)
            {
                double columnSum = 0;
                for (int f = 0; f < bins; f++) columnSum += w[f * atoms + a];
                float denominator = (float)columnSum + Epsilon;
                for (int t = 0; t < frames; t++) h[a * frames + t] *= numerator[a * frames + t] / denominator;
            }
            if (updateFrom >= atoms) continue;
            // W ← W ⊙ ((V / WH) Hᵀ) / (1 Hᵀ), for the free columns only
            Ratio(v, w, h, ratio, bins, atoms, frames);
            MatMulKernel.Transpose(h, ht, atoms, frames);
            MatMulKernel.Multiply(ratio, ht, numeratorW, bins, frames, atoms);
            for (int a = updateFrom; a < atoms; a++)
            {
                double rowSum = 0;
                for (int t = 0; t < frames; t++) rowSum += h[a * frames + t];
                float denominator = (float)rowSum + Epsilon;
                for (int f = 0; f < bins; f++) w[f * atoms + a] *= numeratorW[f * atoms + a] / denominator;
            }
        }
        return h;
    }

    private static void Ratio(float[] v, float[] w, float[] h, float[] ratio, int bins, int atoms, int frames)
    {
        MatMulKernel.Multiply(w, h, ratio, bins, atoms, frames);
        for (int i = 0; i < ratio.Length; i++) ratio[i] = v[i] / (ratio[i] + Epsilon);
    }

    /// <summary>W[:, from..to) · H[from..to, :], [bins × frames].</summary>
    private static float[] Product(float[] w, float[] h, int bins, int atoms, int frames, int from, int to)
    {
        int count = to - from;
        var ws = new float[bins * count];
        for (int f = 0; f < bins; f++) Array.Copy(w, f * atoms + from, ws, f * count, count);
        var result = new float[bins * frames];
        MatMulKernel.Multiply(ws, h.AsSpan(from * frames, count * frames), result, bins, count, frames);
        return result;
    }
}

using System.Numerics;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Real-input FFT of a fixed even size. Forward is unscaled (a sine of amplitude A on a bin gives
/// |X[k]| = A·N/2), inverse scales by 1/N, so Inverse(Forward(x)) = x. Both go through a half-size
/// complex transform (<see cref="ComplexFft"/>: any size, allocation-free) with the standard real split
/// (Oppenheim and Schafer, "Discrete-Time Signal Processing", 9.3): z[n] = x[2n] + i·x[2n+1],
/// X[k] = E[k] − i·W^k·O[k] with E, O the even and odd halves of Z[k] and conj(Z[M−k]).
/// The packing, the split and the magnitudes run as 8-wide vectors. Holds its own work buffers: one
/// instance per thread.
/// </summary>
public sealed class RealFft
{
    private const int Lanes = 8;
    private readonly int _m;
    private readonly ComplexFft _half;
    private readonly float[] _re, _im;              // the half-size complex signal and its transform
    private readonly float[] _outRe, _outIm;        // bins 0..N/2
    private readonly float[] _splitCos, _splitSin;  // W^k = e^{−2πik/N}, k = 0..N/2

    public RealFft(int size)
    {
        if (size < 2 || (size & 1) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be even and >= 2");
        Size = size;
        _m = size / 2;
        _half = new ComplexFft(_m);
        _re = new float[_m];
        _im = new float[_m];
        _outRe = new float[_m + 1];
        _outIm = new float[_m + 1];
        _splitCos = new float[_m + 1];
        _splitSin = new float[_m + 1];
        for (int k = 0; k <= _m; k++)
        {
            _splitCos[k] = (float)Math.Cos(2 * Math.PI * k / size);
            _splitSin[k] = (float)-Math.Sin(2 * Math.PI * k / size);
        }
    }

    public int Size { get; }

    /// <summary>Number of non-negative frequency bins: N/2 + 1.</summary>
    public int BinCount => _m + 1;

    /// <summary>Frequency of bin <paramref name="bin"/> in Hz.</summary>
    public double BinFrequencyHz(int bin, double sampleRateHz) => bin * sampleRateHz / Size;

    /// <summary>Transforms <paramref name="signal"/> (length N) into N/2+1 complex bins.</summary>
    public void Forward(ReadOnlySpan<float> signal, Span<Complex> spectrum)
    {
        CheckSignal(signal);
        if (spectrum.Length < BinCount) throw new ArgumentException($"spectrum has {spectrum.Length} bins, needs {BinCount}", nameof(spectrum));
        Transform(signal, default);
        for (int k = 0; k < BinCount; k++) spectrum[k] = new Complex(_outRe[k], _outIm[k]);
    }

    /// <summary>Magnitudes |X[k]| of the N/2+1 bins of <paramref name="signal"/>.</summary>
    public void ForwardMagnitude(ReadOnlySpan<float> signal, Span<float> magnitude) => ForwardMagnitude(signal, default, magnitude);

    /// <summary>
    /// Magnitudes of the N/2+1 bins of <paramref name="signal"/> multiplied by <paramref name="window"/>
    /// (length N; empty for no window), without a separate windowing pass.
    /// </summary>
    public void ForwardMagnitude(ReadOnlySpan<float> signal, ReadOnlySpan<float> window, Span<float> magnitude)
    {
        CheckSignal(signal);
        if (!window.IsEmpty && window.Length != Size) throw new ArgumentException($"window has {window.Length} samples, the FFT expects {Size}", nameof(window));
        if (magnitude.Length < BinCount) throw new ArgumentException($"magnitude has {magnitude.Length} bins, needs {BinCount}", nameof(magnitude));
        Transform(signal, window);
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; k + Lanes <= BinCount; k += Lanes)
            {
                var re = Vector256.Create<float>(_outRe.AsSpan(k));
                var im = Vector256.Create<float>(_outIm.AsSpan(k));
                Vector256.Sqrt(re * re + im * im).CopyTo(magnitude[k..]);
            }
        for (; k < BinCount; k++) magnitude[k] = MathF.Sqrt(_outRe[k] * _outRe[k] + _outIm[k] * _outIm[k]);
    }

    private void CheckSignal(ReadOnlySpan<float> signal)
    {
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT expects {Size}", nameof(signal));
    }

    /// <summary>Bins 0..N/2 of (signal · window) into _outRe, _outIm.</summary>
    private void Transform(ReadOnlySpan<float> signal, ReadOnlySpan<float> window)
    {
        Pack(signal, window);
        _half.Forward(_re, _im);
        Split();
    }

    /// <summary>z[n] = x[2n] + i·x[2n+1], windowed when a window is given.</summary>
    private void Pack(ReadOnlySpan<float> signal, ReadOnlySpan<float> window)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Two vectors of 8 samples → the 8 even samples and the 8 odd ones.
            var order = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; n + Lanes <= _m; n += Lanes)
            {
                var a = Vector256.Create(signal.Slice(2 * n, Lanes));
                var b = Vector256.Create(signal.Slice(2 * n + Lanes, Lanes));
                if (!window.IsEmpty)
                {
                    a *= Vector256.Create(window.Slice(2 * n, Lanes));
                    b *= Vector256.Create(window.Slice(2 * n + Lanes, Lanes));
                }
                a = Vector256.Shuffle(a, order);
                b = Vector256.Shuffle(b, order);
                Vector256.Create(a.GetLower(), b.GetLower()).CopyTo(_re.AsSpan(n));
                Vector256.Create(a.GetUpper(), b.GetUpper()).CopyTo(_im.AsSpan(n));
            }
        }
        for (; n < _m; n++)
        {
            _re[n] = window.IsEmpty ? signal[2 * n] : signal[2 * n] * window[2 * n];
            _im[n] = window.IsEmpty ? signal[2 * n + 1] : signal[2 * n + 1] * window[2 * n + 1];
        }
    }

    /// <summary>
    /// X[k] = E + W^k·(−i)·D with E = (Z[k] + conj Z[M−k])/2, D = (Z[k] − conj Z[M−k])/2 (indices mod M).
    /// </summary>
    private void Split()
    {
        int m = _m;
        SplitOne(0, 0, 0);
        SplitOne(m, 0, 0);
        int k = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            var reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            var half = Vector256.Create(0.5f);
            // Bins k..k+7 need Z[M−k−7..M−k] reversed.
            for (; k + Lanes <= m; k += Lanes)
            {
                var zr = Vector256.Create<float>(_re.AsSpan(k));
                var zi = Vector256.Create<float>(_im.AsSpan(k));
                var cr = Vector256.Shuffle(Vector256.Create<float>(_re.AsSpan(m - k - Lanes + 1)), reverse);
                var ci = -Vector256.Shuffle(Vector256.Create<float>(_im.AsSpan(m - k - Lanes + 1)), reverse);
                var er = half * (zr + cr); var ei = half * (zi + ci);
                var dr = half * (zr - cr); var di = half * (zi - ci);
                var wr = Vector256.Create<float>(_splitCos.AsSpan(k));
                var wi = Vector256.Create<float>(_splitSin.AsSpan(k));
                // (−i)·D = di − i·dr
                (er + (wr * di + wi * dr)).CopyTo(_outRe.AsSpan(k));
                (ei + (wi * di - wr * dr)).CopyTo(_outIm.AsSpan(k));
            }
        }
        for (; k < m; k++) SplitOne(k, k, m - k);
    }

    private void SplitOne(int k, int a, int b)
    {
        float zr = _re[a], zi = _im[a], cr = _re[b], ci = -_im[b];
        float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);
        float dr = 0.5f * (zr - cr), di = 0.5f * (zi - ci);
        float wr = _splitCos[k], wi = _splitSin[k];
        _outRe[k] = er + (wr * di + wi * dr);
        _outIm[k] = ei + (wi * di - wr * dr);
    }

    /// <summary>Inverse of <see cref="Forward"/>: N/2+1 bins back to N real samples.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> signal)
    {
        if (spectrum.Length < BinCount) throw new ArgumentException($"spectrum has {spectrum.Length} bins, needs {BinCount}", nameof(spectrum));
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT produces {Size}", nameof(signal));
        // Undo the split: E = (X[k] + conj X[M−k])/2, O = (X[k] − conj X[M−k])/2 · conj(W^k) · i,
        // Z[k] = E + O, then z = IFFT_M(Z) carries x[2n] + i·x[2n+1].
        int m = _m;
        for (int k = 0; k < m; k++)
        {
            var x = spectrum[k];
            var c = Complex.Conjugate(spectrum[m - k]);
            var even = 0.5 * (x + c);
            var odd = 0.5 * (x - c) * new Complex(_splitCos[k], -_splitSin[k]) * Complex.ImaginaryOne;
            var z = even + odd;
            _re[k] = (float)z.Real;
            _im[k] = (float)z.Imaginary;
        }
        _half.Inverse(_re, _im);
        for (int n = 0; n < m; n++) { signal[2 * n] = _re[n]; signal[2 * n + 1] = _im[n]; }
    }
}

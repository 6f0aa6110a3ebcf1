using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Real-input FFT of a fixed size. Forward is unscaled (a sine of amplitude A on a bin gives
/// |X[k]| = A·N/2), inverse scales by 1/N, so Inverse(Forward(x)) = x. Power-of-two sizes use an
/// allocation-free half-size complex FFT with the standard real split (Oppenheim and Schafer, "Discrete-
/// Time Signal Processing", 9.3): radix-2 for power-of-two sizes, Bluestein's algorithm for the others
/// (SoLAR's one-second windows, e.g. 44100 points). The inverse uses MathNet.Numerics. Holds its own
/// work buffers: one instance per thread.
/// </summary>
public sealed class RealFft
{
    private readonly float[] _work;
    private readonly Radix2Fft? _half;
    private readonly BluesteinFft? _halfAnySize;
    private readonly float[] _re = [], _im = [];
    private readonly float[] _splitCos = [], _splitSin = [];

    public RealFft(int size)
    {
        if (size < 2 || (size & 1) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be even and >= 2");
        Size = size;
        _work = new float[size + 2];
        if (size >= 4)
        {
            int m = size / 2;
            if ((m & (m - 1)) == 0) _half = new Radix2Fft(m); else _halfAnySize = new BluesteinFft(m);
            _re = new float[m];
            _im = new float[m];
            _splitCos = new float[m + 1];
            _splitSin = new float[m + 1];
            for (int k = 0; k <= m; k++)
            {
                _splitCos[k] = (float)Math.Cos(2 * Math.PI * k / size);
                _splitSin[k] = (float)-Math.Sin(2 * Math.PI * k / size);
            }
        }
    }

    public int Size { get; }

    /// <summary>Number of non-negative frequency bins: N/2 + 1.</summary>
    public int BinCount => Size / 2 + 1;

    /// <summary>Frequency of bin <paramref name="bin"/> in Hz.</summary>
    public double BinFrequencyHz(int bin, double sampleRateHz) => bin * sampleRateHz / Size;

    /// <summary>Transforms <paramref name="signal"/> (length N) into N/2+1 complex bins.</summary>
    public void Forward(ReadOnlySpan<float> signal, Span<Complex> spectrum)
    {
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT expects {Size}", nameof(signal));
        if (spectrum.Length < BinCount) throw new ArgumentException($"spectrum has {spectrum.Length} bins, needs {BinCount}", nameof(spectrum));
        Transform(signal);
        for (int k = 0; k < BinCount; k++) spectrum[k] = new Complex(_work[2 * k], _work[2 * k + 1]);
    }

    /// <summary>Magnitudes |X[k]| of the N/2+1 bins of <paramref name="signal"/>.</summary>
    public void ForwardMagnitude(ReadOnlySpan<float> signal, Span<float> magnitude)
    {
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT expects {Size}", nameof(signal));
        if (magnitude.Length < BinCount) throw new ArgumentException($"magnitude has {magnitude.Length} bins, needs {BinCount}", nameof(magnitude));
        Transform(signal);
        for (int k = 0; k < BinCount; k++)
        {
            float re = _work[2 * k], im = _work[2 * k + 1];
            magnitude[k] = MathF.Sqrt(re * re + im * im);
        }
    }

    /// <summary>Packed spectrum (re, im of bins 0..N/2) of <paramref name="signal"/> into _work.</summary>
    private void Transform(ReadOnlySpan<float> signal)
    {
        if (_half is null && _halfAnySize is null)
        {
            signal.CopyTo(_work);
            _work[Size] = 0; _work[Size + 1] = 0;
            Fourier.ForwardReal(_work, Size, FourierOptions.NoScaling);
            return;
        }
        // z[n] = x[2n] + i·x[2n+1]; Z = FFT_M(z); X[k] = (Z[k] + Z*[M−k])/2 − i/2·W^k·(Z[k] − Z*[M−k]).
        int m = Size / 2;
        for (int n = 0; n < m; n++) { _re[n] = signal[2 * n]; _im[n] = signal[2 * n + 1]; }
        if (_half is not null) _half.Forward(_re, _im); else _halfAnySize!.Forward(_re, _im);
        for (int k = 0; k <= m; k++)
        {
            int a = k == m ? 0 : k, b = k == 0 ? 0 : m - k;
            float zr = _re[a], zi = _im[a], cr = _re[b], ci = -_im[b];
            float er = 0.5f * (zr + cr), ei = 0.5f * (zi + ci);      // even part
            float dr = 0.5f * (zr - cr), di = 0.5f * (zi - ci);      // odd part times i
            float wr = _splitCos[k], wi = _splitSin[k];
            // X[k] = E + W^k · (−i)·D
            float or_ = di, oi = -dr;
            _work[2 * k] = er + (wr * or_ - wi * oi);
            _work[2 * k + 1] = ei + (wr * oi + wi * or_);
        }
    }

    /// <summary>Inverse of <see cref="Forward"/>: N/2+1 bins back to N real samples.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> signal)
    {
        if (spectrum.Length < BinCount) throw new ArgumentException($"spectrum has {spectrum.Length} bins, needs {BinCount}", nameof(spectrum));
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT produces {Size}", nameof(signal));
        for (int k = 0; k < BinCount; k++)
        {
            _work[2 * k] = (float)spectrum[k].Real;
            _work[2 * k + 1] = (float)spectrum[k].Imaginary;
        }
        Fourier.InverseReal(_work, Size, FourierOptions.NoScaling);
        float scale = 1f / Size;
        for (int n = 0; n < Size; n++) signal[n] = _work[n] * scale;
    }
}

using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Real-input FFT of a fixed size, backed by MathNet.Numerics. Forward is unscaled (a full-scale sine of
/// amplitude A gives |X[k]| = A·N/2), inverse scales by 1/N, so Inverse(Forward(x)) = x.
/// Holds its own work buffer: one instance per thread.
/// </summary>
public sealed class RealFft
{
    private readonly float[] _work;

    public RealFft(int size)
    {
        if (size < 2 || (size & 1) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be even and >= 2");
        Size = size;
        _work = new float[size + 2];
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
        signal.CopyTo(_work);
        _work[Size] = 0; _work[Size + 1] = 0;
        Fourier.ForwardReal(_work, Size, FourierOptions.NoScaling);
        for (int k = 0; k < BinCount; k++) spectrum[k] = new Complex(_work[2 * k], _work[2 * k + 1]);
    }

    /// <summary>Magnitudes |X[k]| of the N/2+1 bins of <paramref name="signal"/>.</summary>
    public void ForwardMagnitude(ReadOnlySpan<float> signal, Span<float> magnitude)
    {
        if (signal.Length != Size) throw new ArgumentException($"signal has {signal.Length} samples, the FFT expects {Size}", nameof(signal));
        if (magnitude.Length < BinCount) throw new ArgumentException($"magnitude has {magnitude.Length} bins, needs {BinCount}", nameof(magnitude));
        signal.CopyTo(_work);
        _work[Size] = 0; _work[Size + 1] = 0;
        Fourier.ForwardReal(_work, Size, FourierOptions.NoScaling);
        for (int k = 0; k < BinCount; k++)
        {
            float re = _work[2 * k], im = _work[2 * k + 1];
            magnitude[k] = MathF.Sqrt(re * re + im * im);
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

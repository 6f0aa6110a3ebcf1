using System.Numerics;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Short-time Fourier transform with a fixed window and hop. Frame t covers samples
/// [t·hop, t·hop + fftSize); the signal is zero-padded at the end so every sample lies in a frame.
/// The inverse is a weighted overlap-add (Griffin and Lim 1984, eq. 6): Σ w·y / Σ w², which gives
/// back the input exactly wherever the window-square sum is non-zero.
/// </summary>
public sealed class Stft
{
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly float[] _frame;

    public Stft(int fftSize, int hopSize, WindowType window = WindowType.Hann)
    {
        if (hopSize <= 0 || hopSize > fftSize) throw new ArgumentOutOfRangeException(nameof(hopSize), hopSize, $"hop must be in 1..{fftSize}");
        _fft = new RealFft(fftSize);
        _window = Window.Create(window, fftSize);
        _frame = new float[fftSize];
        HopSize = hopSize;
        WindowType = window;
    }

    public int FftSize => _fft.Size;
    public int HopSize { get; }
    public int BinCount => _fft.BinCount;
    public WindowType WindowType { get; }
    public ReadOnlySpan<float> WindowCoefficients => _window;

    /// <summary>Number of frames that cover <paramref name="sampleCount"/> samples.</summary>
    public int FrameCount(int sampleCount) =>
        sampleCount <= 0 ? 0 : sampleCount <= FftSize ? 1 : 1 + (sampleCount - FftSize + HopSize - 1) / HopSize;

    /// <summary>Complex spectrogram [frame][bin].</summary>
    public Complex[][] Forward(ReadOnlySpan<float> signal)
    {
        int frames = FrameCount(signal.Length);
        var result = new Complex[frames][];
        for (int t = 0; t < frames; t++)
        {
            LoadFrame(signal, t);
            result[t] = new Complex[BinCount];
            _fft.Forward(_frame, result[t]);
        }
        return result;
    }

    /// <summary>Magnitude spectrogram [frame][bin].</summary>
    public float[][] Magnitude(ReadOnlySpan<float> signal)
    {
        int frames = FrameCount(signal.Length);
        var result = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            LoadFrame(signal, t);
            result[t] = new float[BinCount];
            _fft.ForwardMagnitude(_frame, result[t]);
        }
        return result;
    }

    /// <summary>Signal of <paramref name="sampleCount"/> samples from a complex spectrogram made by <see cref="Forward"/>.</summary>
    public float[] Inverse(Complex[][] spectrogram, int sampleCount)
    {
        var output = new double[Math.Max(sampleCount, (spectrogram.Length - 1) * HopSize + FftSize)];
        var norm = new double[output.Length];
        for (int t = 0; t < spectrogram.Length; t++)
        {
            _fft.Inverse(spectrogram[t], _frame);
            int start = t * HopSize;
            for (int n = 0; n < FftSize; n++)
            {
                output[start + n] += _frame[n] * _window[n];
                norm[start + n] += _window[n] * _window[n];
            }
        }
        // Where the windows carry almost no weight (a tapered window's first samples) the division would
        // only amplify rounding noise, so those samples are left at zero.
        double floor = 1e-8 * norm.Max();
        var result = new float[sampleCount];
        for (int i = 0; i < sampleCount; i++) result[i] = norm[i] > floor ? (float)(output[i] / norm[i]) : 0f;
        return result;
    }

    private void LoadFrame(ReadOnlySpan<float> signal, int frameIndex)
    {
        int start = frameIndex * HopSize;
        int available = Math.Clamp(signal.Length - start, 0, FftSize);
        for (int n = 0; n < available; n++) _frame[n] = signal[start + n] * _window[n];
        _frame.AsSpan(available).Clear();
    }
}

using System.Numerics;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// The spectra of a stereo signal's mid, (L + R)/2, and side, (L − R)/2, frame by frame: Hann window, 50 %
/// overlap. Frame f covers samples [f·hop, f·hop + fftSize), zero-padded past the end, so every sample lies in
/// a frame and even an empty signal has one (silent) frame. Allocates in the constructor only.
/// </summary>
public sealed class MidSideStft
{
    private readonly RealFft _fft;
    private readonly float[] _window, _mid, _side;
    private readonly Complex[] _midSpectrum, _sideSpectrum;

    public MidSideStft(int fftSize)
    {
        _fft = new RealFft(fftSize);
        _window = Window.Create(WindowType.Hann, fftSize);
        _mid = new float[fftSize];
        _side = new float[fftSize];
        _midSpectrum = new Complex[_fft.BinCount];
        _sideSpectrum = new Complex[_fft.BinCount];
    }

    public int FftSize => _fft.Size;
    public int HopSize => _fft.Size / 2;
    public int BinCount => _fft.BinCount;

    /// <summary>The mid's spectrum of the frame last analysed.</summary>
    public ReadOnlySpan<Complex> Mid => _midSpectrum;

    /// <summary>The side's spectrum of the frame last analysed.</summary>
    public ReadOnlySpan<Complex> Side => _sideSpectrum;

    /// <summary>Number of frames over a signal of <paramref name="frames"/> samples per channel (at least one).</summary>
    public int FrameCount(int frames) => frames <= FftSize ? 1 : 1 + (frames - FftSize + HopSize - 1) / HopSize;

    /// <summary>Computes <see cref="Mid"/> and <see cref="Side"/> of frame <paramref name="frame"/> of equally long channels.</summary>
    public void Analyse(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int frame)
    {
        int frames = left.Length, start = frame * HopSize;
        for (int n = 0; n < _mid.Length; n++)
        {
            int i = start + n;
            float l = i < frames ? left[i] : 0, r = i < frames ? right[i] : 0;
            _mid[n] = (l + r) * 0.5f * _window[n];
            _side[n] = (l - r) * 0.5f * _window[n];
        }
        _fft.Forward(_mid, _midSpectrum);
        _fft.Forward(_side, _sideSpectrum);
    }
}

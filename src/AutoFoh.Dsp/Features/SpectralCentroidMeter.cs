using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Dsp.Features;

/// <summary>
/// Streaming spectral centroid of the mono downmix: Σ f·M(f) / Σ M(f) over the long-term average
/// magnitude spectrum M (Hann frames of <c>fftSize</c>, 50% overlap). Averaging the spectrum first,
/// rather than averaging per-frame centroids, weights loud passages as a listener does and keeps
/// silent frames from pulling the figure around.
/// </summary>
public sealed class SpectralCentroidMeter
{
    private readonly int _channels;
    private readonly double _sampleRateHz;
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly float[] _pending;
    private readonly float[] _frame;
    private readonly float[] _magnitude;
    private readonly double[] _magnitudeSum;
    private int _pendingCount;
    private long _frames;

    public SpectralCentroidMeter(double sampleRateHz, int channels, int fftSize = 4096)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        if (!(sampleRateHz > 0)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        _channels = channels;
        _sampleRateHz = sampleRateHz;
        _fft = new RealFft(fftSize);
        _window = Window.Create(WindowType.Hann, fftSize);
        _pending = new float[fftSize];
        _frame = new float[fftSize];
        _magnitude = new float[_fft.BinCount];
        _magnitudeSum = new double[_fft.BinCount];
    }

    public void Process(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"block of {interleaved.Length} samples is not a whole number of {_channels}-channel frames", nameof(interleaved));
        float scale = 1f / _channels;
        for (int i = 0; i < interleaved.Length; i += _channels)
        {
            float sum = 0;
            for (int c = 0; c < _channels; c++) sum += interleaved[i + c];
            _pending[_pendingCount++] = sum * scale;
            if (_pendingCount == _pending.Length) AnalyzeFrame(_pending.Length / 2);
        }
    }

    /// <summary>Centroid in Hz of everything processed so far (the partial last frame included); 0 for silence.</summary>
    public double CentroidHz
    {
        get
        {
            // The tail that has not filled a frame yet counts as one zero-padded frame.
            var sum = (double[])_magnitudeSum.Clone();
            if (_pendingCount > 0 && (_frames == 0 || _pendingCount > _pending.Length / 2))
            {
                for (int n = 0; n < _frame.Length; n++) _frame[n] = n < _pendingCount ? _pending[n] * _window[n] : 0f;
                _fft.ForwardMagnitude(_frame, _magnitude);
                for (int k = 0; k < sum.Length; k++) sum[k] += _magnitude[k];
            }
            double weighted = 0, total = 0;
            for (int k = 0; k < sum.Length; k++)
            {
                weighted += _fft.BinFrequencyHz(k, _sampleRateHz) * sum[k];
                total += sum[k];
            }
            return total > 0 ? weighted / total : 0;
        }
    }

    private void AnalyzeFrame(int keep)
    {
        for (int n = 0; n < _frame.Length; n++) _frame[n] = _pending[n] * _window[n];
        _fft.ForwardMagnitude(_frame, _magnitude);
        for (int k = 0; k < _magnitude.Length; k++) _magnitudeSum[k] += _magnitude[k];
        _frames++;
        // Slide by half a frame: the last half becomes the first half of the next frame.
        Array.Copy(_pending, _pending.Length - keep, _pending, 0, keep);
        _pendingCount = keep;
    }
}

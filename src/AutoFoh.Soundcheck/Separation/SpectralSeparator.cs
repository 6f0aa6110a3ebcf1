using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// What the coach needs from separation: for one analysis window of the microphone (one second), an
/// estimate of every instrument's magnitude spectrum at the dominance analysis's resolution (1 Hz bins
/// for one-second windows). Dominance is a rank statistic over those bins, so estimates need the right
/// balance per band, not listenable audio.
/// </summary>
public interface ISpectralSeparator
{
    IReadOnlyList<string> Instruments { get; }

    /// <summary>
    /// From the window's samples and its magnitude spectrum (<paramref name="micMagnitudes"/>, computed by
    /// the dominance analysis), fills <paramref name="estimates"/>[i] with instrument i's magnitudes.
    /// </summary>
    void Separate(ReadOnlySpan<float> window, ReadOnlySpan<float> micMagnitudes, float[][] estimates);
}

/// <summary>
/// A short-time magnitude spectrogram pooled into about a hundred bands (every 2048-point bin below
/// 400 Hz, then twelfth-octave bands to 16 kHz): the representation the line-check NMF works in. Pooling
/// keeps the factorisation small enough for a live second (it needs only smooth masks), and maps each
/// band back to the dominance analysis's fine bins.
/// </summary>
public sealed class PooledSpectrogram
{
    private readonly RealFft _fft;
    private readonly float[] _window, _magnitude;
    private readonly int[] _bandOfBin;         // STFT bin → pooled band, −1 above the top

    public PooledSpectrogram(int sampleRateHz, int fftSize = 2048, int hopSize = 512)
    {
        SampleRateHz = sampleRateHz;
        FftSize = fftSize;
        HopSize = hopSize;
        _fft = new RealFft(fftSize);
        _window = Window.Create(WindowType.Hann, fftSize);
        _magnitude = new float[_fft.BinCount];
        var edges = new List<double>();
        double binHz = sampleRateHz / (double)fftSize;
        for (double f = binHz / 2; f < 400; f += binHz) edges.Add(f);
        for (double f = 400; f < 16000; f *= Math.Pow(2, 1.0 / 12)) edges.Add(f);
        edges.Add(16000);
        _bandOfBin = new int[_fft.BinCount];
        for (int k = 0; k < _bandOfBin.Length; k++)
        {
            double hz = k * binHz;
            int band = edges.FindIndex(e => e > hz) - 1;
            _bandOfBin[k] = hz >= 16000 ? -1 : Math.Max(0, band);
        }
        Bands = _bandOfBin.Max() + 1;
    }

    public int SampleRateHz { get; }
    public int FftSize { get; }
    public int HopSize { get; }
    public int Bands { get; }

    /// <summary>Frames that fit in <paramref name="samples"/> samples (at least one when there are FftSize samples).</summary>
    public int Frames(int samples) => samples < FftSize ? 0 : 1 + (samples - FftSize) / HopSize;

    /// <summary>The pooled magnitudes, [bands × frames] row-major (a band's frames contiguous).</summary>
    public float[] Compute(ReadOnlySpan<float> signal, out int frames)
    {
        frames = Frames(signal.Length);
        var v = new float[Bands * frames];
        Compute(signal, v, frames);
        return v;
    }

    public void Compute(ReadOnlySpan<float> signal, Span<float> v, int frames)
    {
        v[..(Bands * frames)].Clear();
        for (int t = 0; t < frames; t++)
        {
            _fft.ForwardMagnitude(signal.Slice(t * HopSize, FftSize), _window, _magnitude);
            for (int k = 0; k < _magnitude.Length; k++)
            {
                int band = _bandOfBin[k];
                if (band >= 0) v[band * frames + t] += _magnitude[k];
            }
        }
    }

    /// <summary>The pooled band holding frequency <paramref name="hz"/> (−1 above 16 kHz).</summary>
    public int BandOf(double hz)
    {
        int bin = (int)Math.Round(hz * FftSize / SampleRateHz);
        return bin < _bandOfBin.Length ? _bandOfBin[bin] : -1;
    }
}

using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Realtime;

/// <summary>
/// Finds acoustic feedback on one channel: a narrow spectral peak (a local maximum at least
/// <see cref="PeakProminenceDb"/> over the mean power of the bins 3-16 away on its quieter side) that stays on the same bin
/// (±1) and keeps growing, by at least <see cref="MinimumRiseDb"/> over the last <see cref="RiseHops"/>
/// analysis hops, every hop rising but for one dip of at most 0.5 dB. Every peak is followed, not only the loudest, so a
/// loop quieter than the music is found. A held or plucked note is narrow too, but it does not keep
/// growing; a ringing loop does. FFT 2048 (Hann) every 512 samples. Runs on the worker thread; allocates
/// nothing after construction.
/// </summary>
public sealed class FeedbackDetector
{
    public const int FftSize = 2048, Hop = 512, RiseHops = 8;
    public const double PeakProminenceDb = 15, MinimumRiseDb = 2, MinimumLevelDbfs = -60;
    private readonly RealFft _fft = new(FftSize);
    private readonly float[] _window = Window.Create(WindowType.Hann, FftSize);
    private readonly float[] _history = new float[FftSize], _frame = new float[FftSize], _magnitude = new float[FftSize / 2 + 1];
    private readonly float[][] _levels = Enumerable.Range(0, RiseHops + 1).Select(_ => new float[FftSize / 2 + 1]).ToArray();
    private readonly double[] _prefix = new double[FftSize / 2 + 2];
    private int _filled, _sinceHop, _frames, _write;
    private readonly float _windowGain;

    public FeedbackDetector()
    {
        float sum = 0;
        foreach (var w in _window) sum += w;
        _windowGain = sum / 2;   // a full-scale sine's peak magnitude through this window
    }

    /// <summary>The bin of the last detection (Hz = bin·rate/2048).</summary>
    public int LastBin { get; private set; }

    public void Reset()
    {
        Array.Clear(_history);
        _filled = _sinceHop = _frames = _write = 0;
    }

    /// <summary>Hears samples; returns true when feedback was found in them (the history then restarts).</summary>
    public bool Push(ReadOnlySpan<float> samples)
    {
        bool found = false;
        foreach (float v in samples)
        {
            _history[_write] = v;
            _write = (_write + 1) & (FftSize - 1);
            if (_filled < FftSize) _filled++;
            if (_filled == FftSize && ++_sinceHop >= Hop)
            {
                _sinceHop = 0;
                found |= Analyse();
            }
        }
        return found;
    }

    private bool Analyse()
    {
        // Unroll the circular history, oldest first.
        _history.AsSpan(_write).CopyTo(_frame);
        _history.AsSpan(0, _write).CopyTo(_frame.AsSpan(FftSize - _write));
        _fft.ForwardMagnitude(_frame, _window, _magnitude);
        int bins = _magnitude.Length;
        _prefix[0] = 0;
        for (int k = 0; k < bins; k++) _prefix[k + 1] = _prefix[k] + (double)_magnitude[k] * _magnitude[k];
        int slot = _frames % (RiseHops + 1);
        var levels = _levels[slot];
        double reference = 20 * Math.Log10(_windowGain);
        for (int k = 0; k < bins; k++)
        {
            levels[k] = float.NegativeInfinity;
            if (k < 2 || k >= bins - 2 || _magnitude[k] < _magnitude[k - 1] || _magnitude[k] < _magnitude[k + 1]) continue;
            // The quieter side: a harmonic of the music on one side of the peak does not hide it.
            int lo = Math.Max(0, k - 16), hi = Math.Min(bins, k + 17);
            double left = (_prefix[k - 2] - _prefix[lo]) / Math.Max(1, k - 2 - lo), right = (_prefix[hi] - _prefix[k + 3]) / Math.Max(1, hi - k - 3);
            double around = Math.Min(left, right);
            double peak = 20 * Math.Log10(_magnitude[k] + 1e-12) - reference;
            double prominence = 20 * Math.Log10(_magnitude[k] + 1e-12) - 10 * Math.Log10(around + 1e-24);
            if (prominence >= PeakProminenceDb && peak >= MinimumLevelDbfs) levels[k] = (float)peak;
        }
        if (++_frames <= RiseHops) return false;
        // A bin (give or take one) prominent in every one of the last frames, never falling, risen enough.
        for (int k = 2; k < bins - 2; k++)
        {
            if (float.IsNegativeInfinity(levels[k])) continue;
            float previous = levels[k], oldest = levels[k];
            bool growing = true;
            int falls = 0;
            for (int back = 1; back <= RiseHops && growing; back++)
            {
                var older = _levels[(slot - back + RiseHops + 1) % (RiseHops + 1)];
                float level = Math.Max(older[k], Math.Max(older[k - 1], older[k + 1]));
                // Going back in time each frame must be quieter than the one after it: one dip of up to 0.5 dB is forgiven.
                if (float.IsNegativeInfinity(level) || level > previous + 0.5f || (level > previous && ++falls > 1)) growing = false;
                previous = oldest = level;
            }
            if (!growing || levels[k] - oldest < MinimumRiseDb) continue;
            LastBin = k;
            _frames = 0;
            return true;
        }
        return false;
    }
}

using System.Numerics.Tensors;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Look-ahead brick-wall limiter for true peak (ITU-R BS.1770-4 Annex 2). For each stretch between samples
/// m and m+1 the <see cref="TruePeakDetector"/> estimates the peak p of the oversampled signal; the gain must
/// then stay under r[m] = min(1, c/p) on every sample its interpolators read for that stretch
/// (m − 24 .. m + 24), so:
/// <list type="number">
/// <item>h = the minimum of r over the look-ahead L and those neighbours (a sliding minimum);</item>
/// <item>s = h through two moving averages in series (a triangle L samples long): a ramp down without corners
/// that is complete when the peak arrives, never above any r it answers to (it only averages values at or
/// under it), and smooth, so that gain × signal keeps the peaks the detector saw in the signal;</item>
/// <item>g = s when s falls, else a one-pole release toward s (α = exp(−1/(τ·fs))), so g ≤ s always.</item>
/// </list>
/// Both channels get the same gain (stereo-linked). The ceiling c is <see cref="LimiterSettings.CeilingDbtp"/>
/// less <see cref="SafetyMarginDb"/>, which absorbs what the detector does not model exactly: another meter's
/// interpolator, the gain changing within the interpolator's window, 24-bit rounding. Measured with
/// <see cref="TruePeakMeter"/> and with ffmpeg's ebur128 the output stays at or under the ceiling (tests).
/// The first and last samples of a file are another matter: meters disagree on what lies beyond them (zeros,
/// or ffmpeg's resampler's mirror image), which is why the mix renderer (Mastering's MixRenderer) fades a loud edge.
/// The output is the input delayed by <see cref="LatencyFrames"/> = L + 47.
/// </summary>
public sealed class TruePeakLimiter
{
    public const double SafetyMarginDb = 0.1;
    private const int Window = TruePeakDetector.WindowTaps;

    private readonly LimiterSettings _settings;
    private TruePeakDetector? _detector;
    private int _lookahead, _latency, _maxBlock;
    private float[][] _history = [], _delay = [];
    private float[] _required = [];
    private SlidingMinimum _minimum = new(1);
    private MovingAverage _firstAverage = new(1), _secondAverage = new(1);
    private float _gain, _releaseCoefficient, _smallestGain;
    private float _ceiling, _inputGain;

    public TruePeakLimiter(LimiterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.CeilingDbtp is > -60 and <= 0)) throw new ArgumentOutOfRangeException(nameof(settings), settings.CeilingDbtp, "limiter ceiling must lie between -60 and 0 dBTP");
        if (!(settings.LookaheadMs is >= 0.1 and <= 100)) throw new ArgumentOutOfRangeException(nameof(settings), settings.LookaheadMs, "limiter look-ahead must lie between 0.1 and 100 ms");
        if (!(settings.ReleaseMs is > 0 and <= 10000)) throw new ArgumentOutOfRangeException(nameof(settings), settings.ReleaseMs, "limiter release must lie between 0 and 10000 ms");
        if (!double.IsFinite(settings.InputGainDb)) throw new ArgumentOutOfRangeException(nameof(settings), settings.InputGainDb, "limiter input gain must be a finite number of dB");
        _settings = settings;
    }

    public LimiterSettings Settings => _settings;

    /// <summary>How far the output lags the input, in frames (valid after <see cref="Prepare"/>).</summary>
    public int LatencyFrames => _latency;

    /// <summary>The deepest gain reduction applied since the last reset, in dB (0 if the limiter never acted).</summary>
    public double LargestGainReductionDb => -20 * Math.Log10(_smallestGain);

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (maxBlockFrames <= 0) throw new ArgumentOutOfRangeException(nameof(maxBlockFrames), maxBlockFrames, "block size must be positive");
        _detector = new TruePeakDetector(sampleRateHz);
        _lookahead = Math.Max(1, (int)Math.Round(_settings.LookaheadMs / 1000 * sampleRateHz));
        // r[m] is known once sample m + Window/2 has arrived; the gain of sample j answers to the stretches
        // m = j − Window/2 .. j + Window/2, and the ramp must be complete L samples ahead of them.
        _latency = _lookahead + Window - 1;
        _maxBlock = maxBlockFrames;
        _history = [new float[TruePeakDetector.HistoryFrames + maxBlockFrames], new float[TruePeakDetector.HistoryFrames + maxBlockFrames]];
        _delay = [new float[_latency + maxBlockFrames], new float[_latency + maxBlockFrames]];
        _required = new float[maxBlockFrames];
        _minimum = new SlidingMinimum(_lookahead + Window);
        // Two moving averages in series (a triangle of L samples): the ramp has no corners, which keeps the
        // product gain × signal close to what the detector saw of the signal alone.
        _firstAverage = new MovingAverage((_lookahead + 1) / 2);
        _secondAverage = new MovingAverage(_lookahead + 1 - _firstAverage.Length);
        _releaseCoefficient = (float)Math.Exp(-1 / (_settings.ReleaseMs / 1000 * sampleRateHz));
        _ceiling = (float)Math.Pow(10, (_settings.CeilingDbtp - SafetyMarginDb) / 20);
        _inputGain = (float)Math.Pow(10, _settings.InputGainDb / 20);
        Reset();
    }

    public void Reset()
    {
        foreach (var h in _history) Array.Clear(h);
        foreach (var d in _delay) Array.Clear(d);
        _minimum.Reset(1);
        _firstAverage.Reset();
        _secondAverage.Reset();
        _gain = 1;
        _smallestGain = 1;
    }

    /// <summary>
    /// Limits in place: the block written back is the limited input of <see cref="LatencyFrames"/> frames
    /// earlier (zeros at first). An empty <paramref name="right"/> means mono. Any block length.
    /// </summary>
    public void Process(Span<float> left, Span<float> right)
    {
        for (int start = 0; start < left.Length; start += _maxBlock)
        {
            int count = Math.Min(_maxBlock, left.Length - start);
            ProcessBlock(left.Slice(start, count), right.IsEmpty ? right : right.Slice(start, count));
        }
    }

    private void ProcessBlock(Span<float> left, Span<float> right)
    {
        int frames = left.Length;
        int channels = right.IsEmpty ? 1 : 2;
        var required = _required.AsSpan(0, frames);
        for (int c = 0; c < channels; c++)
        {
            var input = c == 0 ? left : right;
            if (_inputGain != 1) TensorPrimitives.Multiply(input, _inputGain, input);
            input.CopyTo(_history[c].AsSpan(TruePeakDetector.HistoryFrames));
            input.CopyTo(_delay[c].AsSpan(_latency));
        }
        int windowed = TruePeakDetector.HistoryFrames + frames;
        _detector!.Detect(_history[0].AsSpan(0, windowed), channels == 2 ? _history[1].AsSpan(0, windowed) : [], required);
        // r = c / max(p, c): exactly 1 where the peak is within the ceiling.
        TensorPrimitives.Max(required, _ceiling, required);
        TensorPrimitives.Divide(_ceiling, required, required);

        if (_gain == 1 && _firstAverage.AllOnes && _secondAverage.AllOnes && _minimum.Minimum == 1 && TensorPrimitives.Min(required) == 1)
        {
            // Nothing to limit in the window or in this block: the output is the delayed input as it is.
            _minimum.Reset(1);
            for (int c = 0; c < channels; c++) _delay[c].AsSpan(0, frames).CopyTo(c == 0 ? left : right);
        }
        else
        {
            var delayLeft = _delay[0].AsSpan(0, frames);
            var delayRight = channels == 2 ? _delay[1].AsSpan(0, frames) : default;
            // In float throughout: the release's rounding (~1e-7 relative) is far inside the safety margin,
            // and float-to-double conversions in this loop would serialise it.
            float gain = _gain, smallest = _smallestGain, release = 1 - _releaseCoefficient;
            var minimum = _minimum;
            var first = _firstAverage;
            var second = _secondAverage;
            for (int i = 0; i < frames; i++)
            {
                float smooth = second.Push(first.Push(minimum.Push(required[i])));
                gain = smooth <= gain ? smooth : MathF.FusedMultiplyAdd(release, smooth - gain, gain);
                smallest = gain < smallest ? gain : smallest;
                left[i] = delayLeft[i] * gain;
                if (channels == 2) right[i] = delayRight[i] * gain;
            }
            _minimum = minimum;
            _firstAverage = first;
            _secondAverage = second;
            _gain = gain;
            _smallestGain = smallest;
        }

        for (int c = 0; c < channels; c++)
        {
            _history[c].AsSpan(frames, TruePeakDetector.HistoryFrames).CopyTo(_history[c]);
            _delay[c].AsSpan(frames, _latency).CopyTo(_delay[c]);
        }
    }
}

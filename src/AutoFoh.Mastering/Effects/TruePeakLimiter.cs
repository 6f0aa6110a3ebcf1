using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Loudness;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Look-ahead brick-wall limiter for true peak (ITU-R BS.1770-4 Annex 2). The detector sees what
/// <see cref="TruePeakMeter"/> measures: each sample and the points between it and the next of the same
/// polyphase interpolator (4× below 96 kHz). For the stretch between samples m and m+1 with peak p the
/// gain must stay under r[m] = min(1, c/p) on every sample the interpolator reads there (m−7 .. m+8), so:
/// <list type="number">
/// <item>h = the minimum of r over the look-ahead L plus those 15 neighbours (a sliding minimum);</item>
/// <item>s = the moving average of h over L samples: a linear ramp down that is complete when the peak
/// arrives, and never above any r it is answerable to (each average only takes values at or under it);</item>
/// <item>g = s when s falls, else a one-pole release toward s (α = exp(−1/(τ·fs))), so g ≤ s always.</item>
/// </list>
/// Both channels get the same gain (stereo-linked). The ceiling c is <see cref="LimiterSettings.CeilingDbtp"/>
/// less <see cref="SafetyMarginDb"/>, which absorbs what the detector cannot see: a gain that changes
/// within the interpolator's 16 taps, another meter's interpolator (ffmpeg's), 24-bit rounding.
/// The output is the input delayed by <see cref="LatencyFrames"/> = L + 14.
/// </summary>
public sealed class TruePeakLimiter
{
    public const double SafetyMarginDb = 0.1;
    private const int Taps = TruePeakMeter.TapsPerPhase;
    private const int Centre = Taps / 2 - 1; // window index of the sample the interpolated points follow

    private readonly LimiterSettings _settings;
    private int _factor;
    private float[][] _phases = [];
    private Vector256<float>[] _broadcastPhases = [];
    private int _lookahead, _latency, _maxBlock;
    private float[][] _history = [], _delay = [];
    private float[] _required = [];
    private SlidingMinimum _minimum = new(1);
    private float[] _averageRing = [];
    private int _averageIndex, _belowOne;
    private double _averageSum;
    private double _gain, _releaseCoefficient, _smallestGain;
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
        _factor = TruePeakMeter.OversamplingFactorFor(sampleRateHz);
        _phases = TruePeakMeter.InterpolationPhases(_factor);
        _broadcastPhases = [.. _phases.SelectMany(p => p).Select(Vector256.Create)];
        _lookahead = Math.Max(1, (int)Math.Round(_settings.LookaheadMs / 1000 * sampleRateHz));
        _latency = _lookahead + Taps - 2;
        _maxBlock = maxBlockFrames;
        _history = [new float[Taps - 1 + maxBlockFrames], new float[Taps - 1 + maxBlockFrames]];
        _delay = [new float[_latency + maxBlockFrames], new float[_latency + maxBlockFrames]];
        _required = new float[maxBlockFrames];
        _minimum = new SlidingMinimum(_lookahead + Taps - 1);
        _averageRing = new float[_lookahead];
        _releaseCoefficient = Math.Exp(-1 / (_settings.ReleaseMs / 1000 * sampleRateHz));
        _ceiling = (float)Math.Pow(10, (_settings.CeilingDbtp - SafetyMarginDb) / 20);
        _inputGain = (float)Math.Pow(10, _settings.InputGainDb / 20);
        Reset();
    }

    public void Reset()
    {
        foreach (var h in _history) Array.Clear(h);
        foreach (var d in _delay) Array.Clear(d);
        _minimum.Reset(1);
        Array.Fill(_averageRing, 1f);
        _averageIndex = 0;
        _averageSum = _lookahead;
        _belowOne = 0;
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
            input.CopyTo(_history[c].AsSpan(Taps - 1));
            input.CopyTo(_delay[c].AsSpan(_latency));
            Detect(_history[c].AsSpan(0, Taps - 1 + frames), required, accumulate: c > 0);
        }
        // r = c / max(p, c): exactly 1 where the peak is within the ceiling.
        TensorPrimitives.Max(required, _ceiling, required);
        TensorPrimitives.Divide(_ceiling, required, required);

        if (_gain == 1 && _belowOne == 0 && _minimum.Minimum == 1 && TensorPrimitives.Min(required) == 1)
        {
            // Nothing to limit in the window or in this block: the output is the delayed input as it is.
            _minimum.Reset(1);
            for (int c = 0; c < channels; c++) _delay[c].AsSpan(0, frames).CopyTo(c == 0 ? left : right);
        }
        else
        {
            var delayLeft = _delay[0].AsSpan(0, frames);
            var delayRight = channels == 2 ? _delay[1].AsSpan(0, frames) : default;
            double gain = _gain, smallest = _smallestGain, sum = _averageSum, release = 1 - _releaseCoefficient;
            int index = _averageIndex, belowOne = _belowOne, length = _averageRing.Length;
            for (int i = 0; i < frames; i++)
            {
                float held = _minimum.Push(required[i]);
                float leaving = _averageRing[index];
                _averageRing[index] = held;
                if (++index == length) index = 0;
                belowOne += (held < 1 ? 1 : 0) - (leaving < 1 ? 1 : 0);
                sum += held - (double)leaving;
                if (belowOne == 0) sum = length; // all ones: no rounding left behind
                double smooth = belowOne == 0 ? 1 : sum / length;
                gain = smooth <= gain ? smooth : gain + release * (smooth - gain);
                if (gain < smallest) smallest = gain;
                left[i] = (float)(delayLeft[i] * gain);
                if (channels == 2) right[i] = (float)(delayRight[i] * gain);
            }
            _gain = gain;
            _smallestGain = smallest;
            _averageSum = sum;
            _averageIndex = index;
            _belowOne = belowOne;
        }

        for (int c = 0; c < channels; c++)
        {
            _history[c].AsSpan(frames, Taps - 1).CopyTo(_history[c]);
            _delay[c].AsSpan(frames, _latency).CopyTo(_delay[c]);
        }
    }

    /// <summary>
    /// peak[i] = the largest magnitude among window sample <see cref="Centre"/> and the interpolated points
    /// after it, for the window history[i .. i+15] (the interpolated stretch lies 8 samples behind the
    /// newest input). With <paramref name="accumulate"/> the maximum with what peak[i] holds already.
    /// </summary>
    private void Detect(ReadOnlySpan<float> history, Span<float> peak, bool accumulate)
    {
        int i = 0;
        if (_factor == 4 && Vector256.IsHardwareAccelerated)
        {
            ref float h = ref MemoryMarshal.GetReference(history);
            ref float p = ref MemoryMarshal.GetReference(peak);
            var phase = _broadcastPhases.AsSpan();
            for (; i + 8 <= peak.Length; i += 8)
            {
                Vector256<float> a1 = default, a2 = default, a3 = default;
                for (int k = 0; k < Taps; k++)
                {
                    var x = Vector256.LoadUnsafe(ref h, (nuint)(i + k));
                    a1 = Vector256.FusedMultiplyAdd(phase[Taps + k], x, a1);
                    a2 = Vector256.FusedMultiplyAdd(phase[2 * Taps + k], x, a2);
                    a3 = Vector256.FusedMultiplyAdd(phase[3 * Taps + k], x, a3);
                }
                var m = Vector256.Max(Vector256.Max(Vector256.Abs(a1), Vector256.Abs(a2)), Vector256.Max(Vector256.Abs(a3), Vector256.Abs(Vector256.LoadUnsafe(ref h, (nuint)(i + Centre)))));
                if (accumulate) m = Vector256.Max(m, Vector256.LoadUnsafe(ref p, (nuint)i));
                m.StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < peak.Length; i++)
        {
            var window = history.Slice(i, Taps);
            float m = Math.Abs(window[Centre]);
            for (int q = 1; q < _factor; q++)
            {
                float y = 0;
                var taps = _phases[q];
                for (int k = 0; k < Taps; k++) y += taps[k] * window[k];
                m = Math.Max(m, Math.Abs(y));
            }
            peak[i] = accumulate ? Math.Max(peak[i], m) : m;
        }
    }
}

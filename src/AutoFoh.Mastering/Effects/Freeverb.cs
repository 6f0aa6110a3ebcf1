using System.Numerics.Tensors;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Jezar's Freeverb (public domain, 2000): the input L+R, scaled by 0.015 and optionally pre-delayed, feeds
/// per side 8 parallel lowpass-feedback combs followed by 4 all-passes in series; the right side's delays are
/// the left's plus a stereo spread of 23 samples. The classic tunings are for 44.1 kHz and are scaled to the
/// sample rate. Room size r gives comb feedback 0.28·r + 0.7, damping d gives a loop lowpass of 0.4·d, width w
/// mixes the sides as L = wet1·l + wet2·r, R = wet1·r + wet2·l with wet1 = g·(w/2 + 1/2), wet2 = g·(1 − w)/2,
/// where g is the return level (<see cref="ReverbSettings.ReturnDb"/>; 0 dB is Freeverb's own wet level).
/// The output is the wet signal only: <see cref="Process"/> replaces the send bus by the reverb's return.
/// </summary>
public sealed class Freeverb
{
    public const int TuningRateHz = 44100;
    public static readonly int[] CombTuningsSamples = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
    public static readonly int[] AllPassTuningsSamples = [556, 441, 341, 225];
    public const int StereoSpreadSamples = 23;
    public const float FixedGain = 0.015f;
    private const double ScaleDamp = 0.4, ScaleRoom = 0.28, OffsetRoom = 0.7;
    private const float SilentLevel = 1e-10f; // −200 dB: a tail below this is cleared (see Process)

    private readonly ReverbSettings _settings;
    private FreeverbComb[] _combsLeft = [], _combsRight = [];
    private FreeverbAllPass[] _allPassesLeft = [], _allPassesRight = [];
    private float[] _preDelay = [];
    private int _preDelayIndex;
    private float _feedback, _damp, _undamped, _wet1, _wet2;
    private int _quietFrames, _clearAfterFrames;
    private bool _clear;

    public Freeverb(ReverbSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.RoomSize is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.RoomSize, "reverb room size must lie between 0 and 1");
        if (!(settings.Damping is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.Damping, "reverb damping must lie between 0 and 1");
        if (!(settings.Width is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.Width, "reverb width must lie between 0 and 1");
        if (double.IsNaN(settings.ReturnDb) || double.IsPositiveInfinity(settings.ReturnDb)) throw new ArgumentOutOfRangeException(nameof(settings), settings.ReturnDb, "reverb return must be a number of dB (-infinity for off)");
        if (!(settings.PreDelayMs is >= 0 and <= 1000)) throw new ArgumentOutOfRangeException(nameof(settings), settings.PreDelayMs, "reverb pre-delay must lie between 0 and 1000 ms");
        _settings = settings;
    }

    public ReverbSettings Settings => _settings;

    public int PreDelayFrames => _preDelay.Length;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        double scale = sampleRateHz / (double)TuningRateHz;
        int Scaled(int samples) => Math.Max(1, (int)Math.Round(samples * scale));
        int spread = (int)Math.Round(StereoSpreadSamples * scale);
        _combsLeft = [.. CombTuningsSamples.Select(t => new FreeverbComb(Scaled(t)))];
        _combsRight = [.. CombTuningsSamples.Select(t => new FreeverbComb(Scaled(t) + spread))];
        _allPassesLeft = [.. AllPassTuningsSamples.Select(t => new FreeverbAllPass(Scaled(t)))];
        _allPassesRight = [.. AllPassTuningsSamples.Select(t => new FreeverbAllPass(Scaled(t) + spread))];
        _preDelay = new float[(int)Math.Round(_settings.PreDelayMs / 1000 * sampleRateHz)];
        _feedback = (float)(_settings.RoomSize * ScaleRoom + OffsetRoom);
        _damp = (float)(_settings.Damping * ScaleDamp);
        _undamped = 1 - _damp;
        double wet = Math.Pow(10, _settings.ReturnDb / 20);
        _wet1 = (float)(wet * (_settings.Width / 2 + 0.5));
        _wet2 = (float)(wet * (1 - _settings.Width) / 2);
        // Every delay has been read out once after this long: a tail quiet for all of it holds nothing audible.
        _clearAfterFrames = _preDelay.Length + _combsRight.Max(c => c.LengthSamples) + _allPassesRight.Max(a => a.LengthSamples);
        Reset();
    }

    public void Reset()
    {
        foreach (ref var c in _combsLeft.AsSpan()) c.Reset();
        foreach (ref var c in _combsRight.AsSpan()) c.Reset();
        foreach (ref var a in _allPassesLeft.AsSpan()) a.Reset();
        foreach (ref var a in _allPassesRight.AsSpan()) a.Reset();
        Array.Clear(_preDelay);
        _preDelayIndex = 0;
        _quietFrames = 0;
        _clear = true;
    }

    /// <summary>
    /// Replaces the send (stereo; an empty <paramref name="right"/> is a mono send, counted on both sides)
    /// by the reverb's wet output.
    /// </summary>
    public void Process(Span<float> left, Span<float> right)
    {
        bool stereo = !right.IsEmpty;
        if (stereo) right = right[..left.Length];
        bool silentInput = TensorPrimitives.MaxMagnitude(left) == 0 && (!stereo || TensorPrimitives.MaxMagnitude(right) == 0);
        if (silentInput && _clear) return; // silence in, nothing stored: silence out (the send is already zeros)
        _clear = false;
        var combsLeft = _combsLeft.AsSpan();
        var combsRight = _combsRight.AsSpan();
        var allPassesLeft = _allPassesLeft.AsSpan();
        var allPassesRight = _allPassesRight.AsSpan();
        float feedback = _feedback, damp = _damp, undamped = _undamped;
        float peak = 0;
        for (int n = 0; n < left.Length; n++)
        {
            float input = (left[n] + (stereo ? right[n] : left[n])) * FixedGain;
            if (_preDelay.Length > 0)
            {
                float delayed = _preDelay[_preDelayIndex];
                _preDelay[_preDelayIndex] = input;
                if (++_preDelayIndex == _preDelay.Length) _preDelayIndex = 0;
                input = delayed;
            }
            float outLeft = 0, outRight = 0;
            for (int k = 0; k < combsLeft.Length; k++)
            {
                outLeft += combsLeft[k].Process(input, feedback, damp, undamped);
                outRight += combsRight[k].Process(input, feedback, damp, undamped);
            }
            for (int k = 0; k < allPassesLeft.Length; k++)
            {
                outLeft = allPassesLeft[k].Process(outLeft);
                outRight = allPassesRight[k].Process(outRight);
            }
            float wetLeft = outLeft * _wet1 + outRight * _wet2;
            float wetRight = outRight * _wet1 + outLeft * _wet2;
            left[n] = wetLeft;
            if (stereo) right[n] = wetRight;
            peak = Math.Max(peak, Math.Max(Math.Abs(wetLeft), Math.Abs(wetRight)));
        }
        // A tail left to itself decays into subnormal floats, a hundred times slower on x86 (Jezar's code
        // flushed each value for the same reason); once the input is silent and the tail has stayed under
        // −200 dB for as long as every delay line takes to empty, there is nothing left to hear: clear it.
        _quietFrames = silentInput && peak < SilentLevel ? _quietFrames + left.Length : 0;
        if (_quietFrames >= _clearAfterFrames) Reset();
    }
}

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Jezar's Freeverb (public domain, 2000): the input L+R, scaled by 0.015 and optionally pre-delayed, feeds
/// per side 8 parallel lowpass-feedback combs (out = buf[i]; store = out·(1 − d) + store·d;
/// buf[i] = in + store·feedback) followed by 4 all-passes in series (out = buf[i] − in; buf[i] = in + buf[i]·0.5);
/// the right side's delays are the left's plus a stereo spread of 23 samples. The classic tunings are for
/// 44.1 kHz and are scaled to the sample rate. Room size r gives comb feedback 0.28·r + 0.7, damping d a loop
/// lowpass of 0.4·d, and width w mixes the sides as L = wet1·l + wet2·r, R = wet1·r + wet2·l with
/// wet1 = g·(w/2 + 1/2), wet2 = g·(1 − w)/2, where g is the return level (<see cref="ReverbSettings.ReturnDb"/>;
/// 0 dB is Freeverb's own wet level). The output is the wet signal only: <see cref="Process"/> replaces the
/// send bus by the reverb's return.
/// <para>
/// Layout: every delay line is a ring of a power-of-two length written at one shared position, so a line of
/// delay D reads at (position − D) masked. The sixteen combs (8 per side) share one interleaved ring, so
/// their sixteen new values are two contiguous vector stores and their outputs two gathers; the damping
/// state of all sixteen lives in two vectors.
/// </para>
/// </summary>
public sealed class Freeverb
{
    public const int TuningRateHz = 44100;
    public static readonly int[] CombTuningsSamples = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
    public static readonly int[] AllPassTuningsSamples = [556, 441, 341, 225];
    public const int StereoSpreadSamples = 23;
    public const float FixedGain = 0.015f;
    private const float AllPassFeedback = 0.5f;
    private const double ScaleDamp = 0.4, ScaleRoom = 0.28, OffsetRoom = 0.7;
    private const float SilentLevel = 1e-10f; // −200 dB: a tail below this is cleared (see Process)
    private const int Combs = 16; // 8 left, then 8 right

    private readonly ReverbSettings _settings;
    private float[] _combRing = [];           // [position][16 combs]
    private readonly int[] _combDelays = new int[Combs];
    private readonly float[] _combStore = new float[Combs];
    private float[] _allPassRing = [];        // [position][stage k: left at 2k, right at 2k + 1]
    private readonly int[] _allPassDelays = new int[8]; // same order
    private float[] _preDelayRing = [];
    private int _preDelayFrames;
    private int _combMask, _allPassMask, _preDelayMask, _position;
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

    public int PreDelayFrames => _preDelayFrames;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        double scale = sampleRateHz / (double)TuningRateHz;
        int Scaled(int samples) => Math.Max(1, (int)Math.Round(samples * scale));
        int spread = (int)Math.Round(StereoSpreadSamples * scale);
        for (int k = 0; k < 8; k++)
        {
            _combDelays[k] = Scaled(CombTuningsSamples[k]);
            _combDelays[8 + k] = Scaled(CombTuningsSamples[k]) + spread;
        }
        for (int k = 0; k < 4; k++)
        {
            _allPassDelays[2 * k] = Scaled(AllPassTuningsSamples[k]);
            _allPassDelays[2 * k + 1] = Scaled(AllPassTuningsSamples[k]) + spread;
        }
        _preDelayFrames = (int)Math.Round(_settings.PreDelayMs / 1000 * sampleRateHz);
        int combLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_combDelays.Max() + 1);
        int allPassLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_allPassDelays.Max() + 1);
        int preDelayLength = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_preDelayFrames + 1);
        _combRing = new float[combLength * Combs];
        _allPassRing = new float[allPassLength * 8];
        _preDelayRing = new float[preDelayLength];
        _combMask = combLength - 1;
        _allPassMask = allPassLength - 1;
        _preDelayMask = preDelayLength - 1;
        _feedback = (float)(_settings.RoomSize * ScaleRoom + OffsetRoom);
        _damp = (float)(_settings.Damping * ScaleDamp);
        _undamped = 1 - _damp;
        double wet = Math.Pow(10, _settings.ReturnDb / 20);
        _wet1 = (float)(wet * (_settings.Width / 2 + 0.5));
        _wet2 = (float)(wet * (1 - _settings.Width) / 2);
        // Every delay has been read out once after this long: a tail quiet for all of it holds nothing audible.
        _clearAfterFrames = _preDelayFrames + _combDelays.Max() + _allPassDelays.Max();
        Reset();
    }

    public void Reset()
    {
        Array.Clear(_combRing);
        Array.Clear(_combStore);
        Array.Clear(_allPassRing);
        Array.Clear(_preDelayRing);
        _position = 0;
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
        float peak = Avx2.IsSupported ? ProcessVector(left, right, stereo) : ProcessScalar(left, right, stereo);
        // A tail left to itself decays into subnormal floats, a hundred times slower on x86 (Jezar's code
        // flushed each value for the same reason); once the input is silent and the tail has stayed under
        // −200 dB for as long as every delay line takes to empty, there is nothing left to hear: clear it.
        _quietFrames = silentInput && peak < SilentLevel ? _quietFrames + left.Length : 0;
        if (_quietFrames >= _clearAfterFrames) Reset();
    }

    private unsafe float ProcessVector(Span<float> left, Span<float> right, bool stereo)
    {
        var peak = Vector128<float>.Zero;
        int position = _position, combMask = _combMask, allPassMask = _allPassMask, preDelayMask = _preDelayMask, preDelay = _preDelayFrames;
        var wet1 = Vector128.Create(_wet1);
        var wet2 = Vector128.Create(_wet2);
        var half = Vector128.Create(AllPassFeedback);
        var feedback = Vector256.Create(_feedback);
        var damp = Vector256.Create(_damp);
        var undamped = Vector256.Create(_undamped);
        var delaysLeft = Vector256.Create(_combDelays.AsSpan(0, 8));
        var delaysRight = Vector256.Create(_combDelays.AsSpan(8, 8));
        var allPassDelays = Vector256.Create(_allPassDelays.AsSpan());
        var lanesLeft = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var lanesRight = lanesLeft + Vector256.Create(8);
        var combMasks = Vector256.Create(combMask);
        var allPassMasks = Vector256.Create(allPassMask);
        var storeLeft = Vector256.Create(_combStore.AsSpan(0, 8));
        var storeRight = Vector256.Create(_combStore.AsSpan(8, 8));
        fixed (float* combs = _combRing, allPasses = _allPassRing, preDelayRing = _preDelayRing)
        {
            for (int n = 0; n < left.Length; n++, position++)
            {
                float input = (left[n] + (stereo ? right[n] : left[n])) * FixedGain;
                if (preDelay > 0)
                {
                    preDelayRing[position & preDelayMask] = input;
                    input = preDelayRing[(position - preDelay) & preDelayMask];
                }
                var at = Vector256.Create(position);

                // The sixteen combs: read what was written D samples ago, damp, write back with the input.
                var outLeft = Avx2.GatherVector256(combs, (((at - delaysLeft) & combMasks) << 4) + lanesLeft, 4);
                var outRight = Avx2.GatherVector256(combs, (((at - delaysRight) & combMasks) << 4) + lanesRight, 4);
                storeLeft = Vector256.FusedMultiplyAdd(outLeft, undamped, storeLeft * damp);
                storeRight = Vector256.FusedMultiplyAdd(outRight, undamped, storeRight * damp);
                var x = Vector256.Create(input);
                float* write = combs + ((position & combMask) << 4);
                Vector256.FusedMultiplyAdd(storeLeft, feedback, x).Store(write);
                Vector256.FusedMultiplyAdd(storeRight, feedback, x).Store(write + 8);
                var pairs = Avx.HorizontalAdd(outLeft, outRight);
                var quads = Avx.HorizontalAdd(pairs, pairs);
                var sums = quads.GetLower() + quads.GetUpper(); // lane 0: the left combs, lane 1: the right

                // The four all-passes of each side in series, left and right in lanes 0 and 1; their delayed
                // values are all from the past, so one gather fetches them.
                var delayed = Avx2.GatherVector256(allPasses, (((at - allPassDelays) & allPassMasks) << 3) + lanesLeft, 4);
                var first = delayed.GetLower();  // stage 0 in lanes 0-1, stage 1 in 2-3
                var second = delayed.GetUpper(); // stages 2 and 3
                var d1 = Vector128.Shuffle(first, Vector128.Create(2, 3, 2, 3));
                var d3 = Vector128.Shuffle(second, Vector128.Create(2, 3, 2, 3));
                var w0 = Vector128.FusedMultiplyAdd(first, half, sums);
                var y = first - sums;
                var w1 = Vector128.FusedMultiplyAdd(d1, half, y);
                y = d1 - y;
                var w2 = Vector128.FusedMultiplyAdd(second, half, y);
                y = second - y;
                var w3 = Vector128.FusedMultiplyAdd(d3, half, y);
                y = d3 - y;
                Vector256.Create(Vector128.Create(w0.GetLower(), w1.GetLower()), Vector128.Create(w2.GetLower(), w3.GetLower()))
                    .Store(allPasses + ((position & allPassMask) << 3));

                // Width: L = wet1·l + wet2·r, R = wet1·r + wet2·l.
                var output = Vector128.FusedMultiplyAdd(y, wet1, Vector128.Shuffle(y, Vector128.Create(1, 0, 3, 2)) * wet2);
                left[n] = output.ToScalar();
                if (stereo) right[n] = output.GetElement(1);
                peak = Vector128.MaxNative(peak, Vector128.Abs(output));
            }
        }
        storeLeft.CopyTo(_combStore.AsSpan(0, 8));
        storeRight.CopyTo(_combStore.AsSpan(8, 8));
        _position = position;
        return Math.Max(peak.ToScalar(), peak.GetElement(1));
    }

    /// <summary>The same computation, one delay line at a time, where there is no AVX2 gather.</summary>
    private float ProcessScalar(Span<float> left, Span<float> right, bool stereo)
    {
        float peak = 0;
        int position = _position;
        var combs = _combRing;
        var allPasses = _allPassRing;
        var store = _combStore;
        for (int n = 0; n < left.Length; n++, position++)
        {
            float input = (left[n] + (stereo ? right[n] : left[n])) * FixedGain;
            if (_preDelayFrames > 0)
            {
                _preDelayRing[position & _preDelayMask] = input;
                input = _preDelayRing[(position - _preDelayFrames) & _preDelayMask];
            }
            int write = (position & _combMask) << 4;
            float l = 0, r = 0;
            for (int k = 0; k < Combs; k++)
            {
                float output = combs[(((position - _combDelays[k]) & _combMask) << 4) + k];
                store[k] = output * _undamped + store[k] * _damp;
                combs[write + k] = input + store[k] * _feedback;
                if (k < 8) l += output; else r += output;
            }
            int allPassWrite = (position & _allPassMask) << 3;
            for (int stage = 0; stage < 4; stage++)
            {
                float delayedLeft = allPasses[(((position - _allPassDelays[2 * stage]) & _allPassMask) << 3) + 2 * stage];
                float delayedRight = allPasses[(((position - _allPassDelays[2 * stage + 1]) & _allPassMask) << 3) + 2 * stage + 1];
                allPasses[allPassWrite + 2 * stage] = l + delayedLeft * AllPassFeedback;
                allPasses[allPassWrite + 2 * stage + 1] = r + delayedRight * AllPassFeedback;
                l = delayedLeft - l;
                r = delayedRight - r;
            }
            float outL = l * _wet1 + r * _wet2;
            float outR = r * _wet1 + l * _wet2;
            left[n] = outL;
            if (stereo) right[n] = outR;
            peak = Math.Max(peak, Math.Max(Math.Abs(outL), Math.Abs(outR)));
        }
        _position = position;
        return peak;
    }
}

using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Feed-forward compressor after Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor Design —
/// A Tutorial and Analysis" (JAES 60(6), 2012):
/// <list type="bullet">
/// <item>level x_G = 20·log10 max(|L|, |R|) (stereo-linked: one gain for both channels);</item>
/// <item>static curve with a soft knee of width W (their eq. 4), <see cref="StaticCurveDb"/>;</item>
/// <item>the gain reduction x_L = x_G − y_G smoothed by the smooth decoupled peak detector in the log domain
/// (their eq. 17): y1[n] = max(x_L[n], α_R·y1[n−1] + (1−α_R)·x_L[n]), y_L[n] = α_A·y_L[n−1] + (1−α_A)·y1[n],
/// with α = exp(−1/(τ·fs));</item>
/// <item>gain c = 10^((makeup − y_L)/20).</item>
/// </list>
/// The level, the static curve and the gain are computed eight samples at a time (<see cref="FastMath"/>'s log2
/// and exp2, within 10⁻⁶ dB); only the detector's two recursions run sample by sample.
/// </summary>
public sealed class Compressor
{
    private const float FloorLevel = 1e-10f; // −200 dB: the level of silence, so log never sees 0
    private static readonly float DbPerNeper = (float)(20 / Math.Log(10));
    private static readonly float NeperPerDb = (float)(Math.Log(10) / 20);
    private static readonly float DbPerOctave = (float)(20 * Math.Log10(2));

    private readonly CompressorSettings _settings;
    private float[] _work = [];
    private double _attackCoefficient, _releaseCoefficient;
    private double _y1, _yL;
    private readonly float _kneeStartLevel, _makeup;

    public Compressor(CompressorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Enabled)
        {
            if (!double.IsFinite(settings.ThresholdDb)) throw new ArgumentOutOfRangeException(nameof(settings), settings.ThresholdDb, "compressor threshold must be a finite number of dB");
            if (!(settings.Ratio >= 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.Ratio, "compressor ratio must be 1 or more");
            if (!(settings.KneeDb >= 0)) throw new ArgumentOutOfRangeException(nameof(settings), settings.KneeDb, "compressor knee must be 0 dB or wider");
            if (!(settings.AttackMs > 0)) throw new ArgumentOutOfRangeException(nameof(settings), settings.AttackMs, "compressor attack must be positive (ms)");
            if (!(settings.ReleaseMs > 0)) throw new ArgumentOutOfRangeException(nameof(settings), settings.ReleaseMs, "compressor release must be positive (ms)");
            if (!double.IsFinite(settings.MakeupDb)) throw new ArgumentOutOfRangeException(nameof(settings), settings.MakeupDb, "compressor makeup gain must be a finite number of dB");
        }
        _settings = settings;
        _kneeStartLevel = (float)Math.Pow(10, (settings.ThresholdDb - settings.KneeDb / 2) / 20);
        _makeup = (float)Math.Pow(10, settings.MakeupDb / 20);
    }

    public CompressorSettings Settings => _settings;

    public bool IsActive => _settings.Enabled;

    /// <summary>The gain reduction the detector holds now, in dB (positive means the signal is turned down).</summary>
    public double GainReductionDb => _yL;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (maxBlockFrames <= 0) throw new ArgumentOutOfRangeException(nameof(maxBlockFrames), maxBlockFrames, "block size must be positive");
        _attackCoefficient = Coefficient(_settings.AttackMs, sampleRateHz);
        _releaseCoefficient = Coefficient(_settings.ReleaseMs, sampleRateHz);
        if (IsActive && _work.Length < maxBlockFrames) _work = new float[maxBlockFrames];
        Reset();
    }

    public void Reset() => _y1 = _yL = 0;

    /// <summary>α = exp(−1/(τ·fs)): the one-pole coefficient whose step response reaches 1 − 1/e after τ.</summary>
    public static double Coefficient(double timeMs, double sampleRateHz) => Math.Exp(-1 / (timeMs / 1000 * sampleRateHz));

    /// <summary>The static curve y_G(x_G) of Giannoulis et al. eq. 4: threshold T, ratio R, knee width W, all in dB.</summary>
    public static double StaticCurveDb(double inputDb, double thresholdDb, double ratio, double kneeDb)
    {
        double over = inputDb - thresholdDb;
        if (2 * over < -kneeDb) return inputDb;
        if (2 * Math.Abs(over) <= kneeDb)
        {
            double into = over + kneeDb / 2;
            return inputDb + (1 / ratio - 1) * into * into / (2 * kneeDb);
        }
        return thresholdDb + over / ratio;
    }

    /// <summary>Compresses in place; an empty <paramref name="right"/> means mono. Any block length.</summary>
    public void Process(Span<float> left, Span<float> right)
    {
        if (!IsActive) return;
        for (int start = 0; start < left.Length; start += _work.Length)
        {
            int count = Math.Min(_work.Length, left.Length - start);
            ProcessBlock(left.Slice(start, count), right.IsEmpty ? right : right.Slice(start, count));
        }
    }

    private void ProcessBlock(Span<float> left, Span<float> right)
    {
        // A block that stays under the knee, with nothing left to release, has no gain reduction at all:
        // its gain is the makeup alone (the detector stays at 0), so the logs and exps can be skipped.
        float peak = Math.Max(TensorPrimitives.MaxMagnitude(left), right.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(right));
        if (_y1 == 0 && _yL == 0 && peak < _kneeStartLevel)
        {
            if (_makeup != 1)
            {
                TensorPrimitives.Multiply(left, _makeup, left);
                TensorPrimitives.Multiply(right, _makeup, right);
            }
            return;
        }
        var work = _work.AsSpan(0, left.Length);
        GainReduction(left, right, work);
        Detect(work);
        ApplyGain(work, left, right);
    }

    /// <summary>work[n] = x_L = x_G − y_G(x_G), the static curve's gain reduction in dB, written branch-free:
    /// (1 − 1/R)·(d²/(2W) + max(0, x_G − T − W/2)) with d = clamp(x_G − T + W/2, 0, W) (d is 0 for a hard knee).</summary>
    private void GainReduction(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> work)
    {
        bool stereo = !right.IsEmpty;
        float slope = (float)(1 - 1 / _settings.Ratio);
        float kneeDb = (float)_settings.KneeDb;
        float kneeStart = (float)(_settings.ThresholdDb - _settings.KneeDb / 2);
        float kneeEnd = (float)(_settings.ThresholdDb + _settings.KneeDb / 2);
        float halfInverseKnee = kneeDb > 0 ? 1 / (2 * kneeDb) : 0;
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float l = ref MemoryMarshal.GetReference(left);
            ref float r = ref stereo ? ref MemoryMarshal.GetReference(right) : ref l;
            ref float w = ref MemoryMarshal.GetReference(work);
            var floor = Vector256.Create(FloorLevel);
            var dbPerOctave = Vector256.Create(DbPerOctave);
            var vSlope = Vector256.Create(slope);
            var vKnee = Vector256.Create(kneeDb);
            var vKneeStart = Vector256.Create(kneeStart);
            var vKneeEnd = Vector256.Create(kneeEnd);
            var vHalfInverse = Vector256.Create(halfInverseKnee);
            for (; n + 8 <= work.Length; n += 8)
            {
                var level = Vector256.MaxNative(Vector256.Abs(Vector256.LoadUnsafe(ref l, (nuint)n)), Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)n)));
                var levelDb = FastMath.Log2(Vector256.MaxNative(level, floor)) * dbPerOctave;
                var d = Vector256.MinNative(Vector256.MaxNative(levelDb - vKneeStart, Vector256<float>.Zero), vKnee);
                var above = Vector256.MaxNative(levelDb - vKneeEnd, Vector256<float>.Zero);
                (vSlope * (d * d * vHalfInverse + above)).StoreUnsafe(ref w, (nuint)n);
            }
        }
        for (; n < work.Length; n++)
        {
            float level = Math.Max(Math.Abs(left[n]), stereo ? Math.Abs(right[n]) : 0);
            float levelDb = MathF.Log(Math.Max(level, FloorLevel)) * DbPerNeper;
            float d = Math.Clamp(levelDb - kneeStart, 0, kneeDb);
            float above = Math.Max(levelDb - kneeEnd, 0);
            work[n] = slope * (d * d * halfInverseKnee + above);
        }
    }

    /// <summary>
    /// The smooth decoupled peak detector (eq. 17), in place: gain reduction in → smoothed gain reduction out.
    /// Double precision held in the low lane of vector registers: a scalar float-to-double conversion would
    /// merge into a register of the recursion and stall it every sample.
    /// </summary>
    private void Detect(Span<float> work)
    {
        var aA = Vector128.CreateScalar(_attackCoefficient);
        var bA = Vector128.CreateScalar(1 - _attackCoefficient);
        var aR = Vector128.CreateScalar(_releaseCoefficient);
        var bR = Vector128.CreateScalar(1 - _releaseCoefficient);
        var y1 = Vector128.CreateScalar(_y1);
        var yL = Vector128.CreateScalar(_yL);
        ref float w = ref MemoryMarshal.GetReference(work);
        for (int n = 0; n < work.Length; n++)
        {
            var xL = Vector128.WidenLower(Vector128.CreateScalar(Unsafe.Add(ref w, n)));
            y1 = Vector128.MaxNative(xL, Vector128.FusedMultiplyAdd(aR, y1, bR * xL));
            yL = Vector128.FusedMultiplyAdd(aA, yL, bA * y1);
            Unsafe.Add(ref w, n) = Vector128.Narrow(yL, yL).ToScalar();
        }
        // The release decays toward 0 forever; flush before it reaches subnormal numbers (slow on x86).
        _y1 = y1.ToScalar() < 1e-20 ? 0 : y1.ToScalar();
        _yL = yL.ToScalar() < 1e-20 ? 0 : yL.ToScalar();
    }

    /// <summary>Multiplies both channels by 10^((makeup − y_L)/20).</summary>
    private void ApplyGain(ReadOnlySpan<float> work, Span<float> left, Span<float> right)
    {
        bool stereo = !right.IsEmpty;
        float makeupDb = (float)_settings.MakeupDb;
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float l = ref MemoryMarshal.GetReference(left);
            ref float r = ref stereo ? ref MemoryMarshal.GetReference(right) : ref l;
            ref float w = ref MemoryMarshal.GetReference(work);
            var vMakeup = Vector256.Create(makeupDb);
            var octavePerDb = Vector256.Create(1 / DbPerOctave);
            for (; n + 8 <= work.Length; n += 8)
            {
                var gain = FastMath.Exp2((vMakeup - Vector256.LoadUnsafe(ref w, (nuint)n)) * octavePerDb);
                (Vector256.LoadUnsafe(ref l, (nuint)n) * gain).StoreUnsafe(ref l, (nuint)n);
                if (stereo) (Vector256.LoadUnsafe(ref r, (nuint)n) * gain).StoreUnsafe(ref r, (nuint)n);
            }
        }
        for (; n < work.Length; n++)
        {
            float gain = MathF.Exp((makeupDb - work[n]) * NeperPerDb);
            left[n] *= gain;
            if (stereo) right[n] *= gain;
        }
    }
}

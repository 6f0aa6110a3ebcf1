using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// tanh waveshaper with a dry/wet mix: y = mix·tanh(g·x)/tanh(g) + (1 − mix)·x, g = 10^(DriveDb/20).
/// Dividing by tanh(g) keeps a full-scale sample at full scale whatever the drive, so the drive changes the
/// shape (the harmonics), not the level of the peaks. Mix 0 is a bypass and costs nothing.
/// tanh is computed eight samples at a time by <see cref="FastMath.Tanh"/> (within 2·10⁻⁷ of Math.Tanh).
/// </summary>
public sealed class Saturator
{
    private readonly SaturationSettings _settings;
    private readonly float _drive, _wetScale, _dryScale;

    public Saturator(SaturationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(settings.DriveDb)) throw new ArgumentOutOfRangeException(nameof(settings), settings.DriveDb, "saturation drive must be a finite number of dB");
        if (!(settings.Mix is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.Mix, "saturation mix must lie between 0 and 1");
        _settings = settings;
        double drive = Math.Pow(10, settings.DriveDb / 20);
        _drive = (float)drive;
        _wetScale = (float)(settings.Mix / Math.Tanh(drive));
        _dryScale = (float)(1 - settings.Mix);
    }

    public SaturationSettings Settings => _settings;

    public bool IsActive => _settings.Mix > 0;

    /// <summary>The transfer curve itself (what <see cref="Process"/> applies to every sample).</summary>
    public static double Transfer(double x, double driveDb, double mix)
    {
        double g = Math.Pow(10, driveDb / 20);
        return mix * Math.Tanh(g * x) / Math.Tanh(g) + (1 - mix) * x;
    }

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "every effect unit has Prepare and Reset, whether or not it keeps state")]
    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (maxBlockFrames <= 0) throw new ArgumentOutOfRangeException(nameof(maxBlockFrames), maxBlockFrames, "block size must be positive");
    }

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "every effect unit has Prepare and Reset, whether or not it keeps state")]
    public void Reset() { }

    /// <summary>Shapes in place; an empty <paramref name="right"/> means mono. Any block length.</summary>
    public void Process(Span<float> left, Span<float> right)
    {
        if (!IsActive) return;
        Shape(left);
        Shape(right);
    }

    private void Shape(Span<float> samples)
    {
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float x = ref MemoryMarshal.GetReference(samples);
            var drive = Vector256.Create(_drive);
            var wet = Vector256.Create(_wetScale);
            var dry = Vector256.Create(_dryScale);
            for (; n + 8 <= samples.Length; n += 8)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)n);
                Vector256.FusedMultiplyAdd(wet, FastMath.Tanh(v * drive), dry * v).StoreUnsafe(ref x, (nuint)n);
            }
        }
        for (; n < samples.Length; n++)
            samples[n] = _wetScale * MathF.Tanh(_drive * samples[n]) + _dryScale * samples[n];
    }
}

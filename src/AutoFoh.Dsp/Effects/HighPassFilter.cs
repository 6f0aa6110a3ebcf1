using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// A channel strip's high-pass: one RBJ cookbook HPF section with Butterworth Q (−3.01 dB at the corner,
/// 12 dB per octave below). A corner of 0 Hz or less turns it off.
/// </summary>
public sealed class HighPassFilter
{
    private readonly BiquadCascade _cascade = new(1);
    private int _sampleRateHz;

    public HighPassFilter(double cornerHz)
    {
        if (!double.IsFinite(cornerHz)) throw new ArgumentOutOfRangeException(nameof(cornerHz), cornerHz, "high-pass corner must be a finite frequency in Hz (0 or less for off)");
        CornerHz = cornerHz;
    }

    public double CornerHz { get; }

    public bool IsActive => CornerHz > 0;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        _sampleRateHz = sampleRateHz;
        if (!IsActive) return;
        if (CornerHz >= sampleRateHz / 2.0)
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), CornerHz, $"high-pass corner {CornerHz} Hz must lie under half the sample rate ({sampleRateHz / 2.0} Hz)");
        _cascade.SetSections([BiquadCoefficients.HighPass(CornerHz, sampleRateHz)]);
    }

    public void Reset() => _cascade.Reset();

    /// <summary>Filters in place; an empty <paramref name="right"/> means mono.</summary>
    public void Process(Span<float> left, Span<float> right)
    {
        if (IsActive) _cascade.Process(left, right);
    }

    /// <summary>Magnitude response of the prepared filter (1 when off).</summary>
    public double Magnitude(double frequencyHz) => IsActive ? _cascade.Magnitude(frequencyHz, _sampleRateHz) : 1;

    /// <summary>The prepared section (none when off), so a strip can run it in one cascade with its EQ.</summary>
    public ReadOnlySpan<BiquadCoefficients> Sections => IsActive ? _cascade.Sections : [];
}

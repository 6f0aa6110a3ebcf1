using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// The master's tilt EQ: an RBJ low shelf of −Tilt/2 and a high shelf of +Tilt/2, both at the pivot (S = 1).
/// Each shelf is at half its gain at its own frequency, so at the pivot the two cancel (0 dB), the lows end
/// at −Tilt/2 and the highs at +Tilt/2. Then the two free shelves of <see cref="TiltEqSettings"/> and its low and
/// high cuts (two Butterworth sections each). Shelves of 0 dB and cuts at 0 Hz are not computed.
/// </summary>
public sealed class TiltEq
{
    private readonly TiltEqSettings _settings;
    private readonly BiquadCascade _cascade = new(8);
    private int _sampleRateHz;

    public TiltEq(TiltEqSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (name, value) in new[] { ("tilt", settings.TiltDb), ("low shelf gain", settings.LowShelfDb), ("high shelf gain", settings.HighShelfDb) })
            if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(settings), value, $"tilt EQ {name} must be a finite number of dB");
        foreach (var (name, value) in new[] { ("pivot", settings.PivotHz), ("low shelf frequency", settings.LowShelfHz), ("high shelf frequency", settings.HighShelfHz) })
            if (!(value > 0)) throw new ArgumentOutOfRangeException(nameof(settings), value, $"tilt EQ {name} must be a positive frequency in Hz");
        _settings = settings;
    }

    public TiltEqSettings Settings => _settings;

    public bool IsActive => _settings.TiltDb != 0 || _settings.LowShelfDb != 0 || _settings.HighShelfDb != 0 || _settings.LowCutHz > 0 || _settings.HighCutHz > 0;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        _sampleRateHz = sampleRateHz;
        var s = _settings;
        var sections = new List<BiquadCoefficients>();
        void Add(double frequencyHz, double gainDb, bool high)
        {
            if (gainDb == 0) return;
            if (frequencyHz >= sampleRateHz / 2.0)
                throw new ArgumentOutOfRangeException(nameof(sampleRateHz), frequencyHz, $"tilt EQ shelf at {frequencyHz} Hz must lie under half the sample rate ({sampleRateHz / 2.0} Hz)");
            sections.Add(high ? BiquadCoefficients.HighShelf(frequencyHz, sampleRateHz, gainDb) : BiquadCoefficients.LowShelf(frequencyHz, sampleRateHz, gainDb));
        }
        Add(s.PivotHz, -s.TiltDb / 2, high: false);
        Add(s.PivotHz, s.TiltDb / 2, high: true);
        Add(s.LowShelfHz, s.LowShelfDb, high: false);
        Add(s.HighShelfHz, s.HighShelfDb, high: true);
        // The cuts: two Butterworth sections each (24 dB/octave).
        if (s.LowCutHz > 0)
            for (int i = 0; i < 2; i++) sections.Add(BiquadCoefficients.HighPass(Math.Min(s.LowCutHz, sampleRateHz * 0.45), sampleRateHz));
        if (s.HighCutHz > 0 && s.HighCutHz < sampleRateHz * 0.45)
            for (int i = 0; i < 2; i++) sections.Add(BiquadCoefficients.LowPass(s.HighCutHz, sampleRateHz));
        _cascade.SetSections(sections.ToArray());
    }

    public void Reset() => _cascade.Reset();

    /// <summary>Filters in place; an empty <paramref name="right"/> means mono.</summary>
    public void Process(Span<float> left, Span<float> right) => _cascade.Process(left, right);

    /// <summary>Magnitude response of the prepared EQ.</summary>
    public double Magnitude(double frequencyHz) => _cascade.Magnitude(frequencyHz, _sampleRateHz);
}

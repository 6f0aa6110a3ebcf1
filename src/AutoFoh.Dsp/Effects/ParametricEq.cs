using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// A channel strip's parametric EQ: one RBJ cookbook section per <see cref="EqBand"/> (low shelf and high
/// shelf with slope S = 1, peaking with the band's Q), in series. A band of 0 dB is the identity and is
/// not computed at all.
/// </summary>
public sealed class ParametricEq
{
    private readonly EqBand[] _bands;
    private readonly BiquadCascade _cascade;
    private int _sampleRateHz;

    public ParametricEq(IReadOnlyList<EqBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        _bands = [.. bands];
        for (int b = 0; b < _bands.Length; b++)
        {
            var band = _bands[b];
            if (!double.IsFinite(band.GainDb)) throw new ArgumentOutOfRangeException(nameof(bands), band.GainDb, $"EQ band {b + 1}: gain must be a finite number of dB");
            if (!(band.FrequencyHz > 0)) throw new ArgumentOutOfRangeException(nameof(bands), band.FrequencyHz, $"EQ band {b + 1}: frequency must be positive (Hz)");
            if (band.Type == EqBandType.Peak && !(band.Q > 0)) throw new ArgumentOutOfRangeException(nameof(bands), band.Q, $"EQ band {b + 1}: Q must be positive");
        }
        _cascade = new BiquadCascade(Math.Max(1, _bands.Length));
    }

    public IReadOnlyList<EqBand> Bands => _bands;

    /// <summary>Whether any band changes the signal (all 0 dB: nothing to compute).</summary>
    public bool IsActive => _bands.Any(b => b.GainDb != 0);

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        _sampleRateHz = sampleRateHz;
        var sections = new List<BiquadCoefficients>();
        for (int b = 0; b < _bands.Length; b++)
        {
            var band = _bands[b];
            if (band.GainDb == 0) continue;
            if (band.FrequencyHz >= sampleRateHz / 2.0)
                throw new ArgumentOutOfRangeException(nameof(sampleRateHz), band.FrequencyHz, $"EQ band {b + 1}: {band.FrequencyHz} Hz must lie under half the sample rate ({sampleRateHz / 2.0} Hz)");
            sections.Add(Design(band, sampleRateHz));
        }
        _cascade.SetSections(sections.ToArray());
    }

    public void Reset() => _cascade.Reset();

    /// <summary>Filters in place; an empty <paramref name="right"/> means mono.</summary>
    public void Process(Span<float> left, Span<float> right) => _cascade.Process(left, right);

    /// <summary>Magnitude response of the prepared bands together.</summary>
    public double Magnitude(double frequencyHz) => _cascade.Magnitude(frequencyHz, _sampleRateHz);

    /// <summary>The prepared sections (the bands that are not 0 dB), so a strip can run them in one cascade with its high-pass.</summary>
    public ReadOnlySpan<BiquadCoefficients> Sections => _cascade.Sections;

    /// <summary>The RBJ cookbook section of one band at <paramref name="sampleRateHz"/>.</summary>
    public static BiquadCoefficients Design(EqBand band, double sampleRateHz) => band.Type switch
    {
        EqBandType.LowShelf => BiquadCoefficients.LowShelf(band.FrequencyHz, sampleRateHz, band.GainDb),
        EqBandType.HighShelf => BiquadCoefficients.HighShelf(band.FrequencyHz, sampleRateHz, band.GainDb),
        _ => BiquadCoefficients.Peaking(band.FrequencyHz, sampleRateHz, band.GainDb, band.Q),
    };
}

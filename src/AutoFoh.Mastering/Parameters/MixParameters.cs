using AutoFoh.Dsp.Effects;

namespace AutoFoh.Mastering.Parameters;

// Every parameter of a mix, as exported to PARAMS.json and as a person would set it on a desk. Units are in
// the names; the records are plain data. Each effect's own settings (EqBand, CompressorSettings, ...) live beside the
// effect in AutoFoh.Dsp.Effects, which reads them in Prepare.

/// <summary>
/// One stem's channel strip, in signal order: high-pass, 4-band EQ, compressor, saturation, gain,
/// constant-power pan (−1 left .. +1 right), and a post-fader send to the shared reverb.
/// </summary>
public sealed record StripParameters(
    string Stem,
    double HighPassHz,
    IReadOnlyList<EqBand> Eq,
    CompressorSettings Compressor,
    SaturationSettings Saturation,
    double GainDb,
    double Pan,
    double ReverbSendDb)
{
    public const double HighPassOffHz = 0;
    public const double ReverbSendOffDb = double.NegativeInfinity;

    /// <summary>A strip that changes nothing but the pan law: flat EQ, no dynamics, unity gain, centre, no send.</summary>
    public static StripParameters Neutral(string stem) => new(stem, HighPassOffHz,
        [EqBand.Flat(EqBandType.LowShelf, 100), EqBand.Flat(EqBandType.Peak, 500), EqBand.Flat(EqBandType.Peak, 2500), EqBand.Flat(EqBandType.HighShelf, 8000)],
        CompressorSettings.Off, SaturationSettings.Off, 0, 0, ReverbSendOffDb);
}

/// <summary>The mastering chain, in order: input gain, bus compressor, tilt/shelf EQ, M/S width, true-peak limiter.</summary>
public sealed record MasterParameters(
    double InputGainDb,
    CompressorSettings BusCompressor,
    TiltEqSettings Eq,
    double Width,
    LimiterSettings Limiter)
{
    /// <summary>Width is the side gain of M/S processing: 1 leaves the image, 0 is mono, 2 doubles the side.</summary>
    public static MasterParameters Neutral => new(0, CompressorSettings.Off, new TiltEqSettings(0), 1.0, new LimiterSettings());
}

/// <summary>Everything a mix is made of: one strip per stem, the reverb bus and the master.</summary>
public sealed record MixParameters(IReadOnlyList<StripParameters> Strips, ReverbSettings Reverb, MasterParameters Master);

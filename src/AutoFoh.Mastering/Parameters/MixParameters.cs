namespace AutoFoh.Mastering.Parameters;

// Every parameter of a mix, as exported to PARAMS.json and as a person would set it on a desk. Units are in
// the names; the records are plain data (the effects in AutoFoh.Mastering.Effects read them in Prepare).

/// <summary>Shape of one parametric EQ band (RBJ Audio EQ Cookbook).</summary>
public enum EqBandType { LowShelf, Peak, HighShelf }

/// <summary>One band of a channel strip's 4-band parametric EQ. Q is ignored by the shelves (slope S = 1).</summary>
public sealed record EqBand(EqBandType Type, double FrequencyHz, double GainDb, double Q = 1.0)
{
    public static EqBand Flat(EqBandType type, double frequencyHz) => new(type, frequencyHz, 0, 1.0);
}

/// <summary>
/// Feed-forward compressor after Giannoulis, Massberg and Reiss (JAES 2012): static curve with a soft knee
/// (their eq. 4) in the log domain, smooth decoupled peak detector (eq. 17) with these attack/release times.
/// </summary>
public sealed record CompressorSettings(double ThresholdDb, double Ratio, double KneeDb, double AttackMs, double ReleaseMs, double MakeupDb = 0, bool Enabled = true)
{
    public static CompressorSettings Off => new(0, 1, 0, 10, 100, 0, Enabled: false);
}

/// <summary>tanh saturation: y = mix·tanh(drive·x)/tanh(drive) + (1 − mix)·x, drive as a gain in dB (0 dB = unity drive).</summary>
public sealed record SaturationSettings(double DriveDb, double Mix)
{
    public static SaturationSettings Off => new(0, 0);
}

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

/// <summary>The shared reverb (Freeverb: 8 parallel damped combs, 4 all-passes per side) and its return level.</summary>
public sealed record ReverbSettings(double RoomSize, double Damping, double Width, double ReturnDb, double PreDelayMs = 0)
{
    public static ReverbSettings Default => new(0.7, 0.5, 1.0, -6, 10);
}

/// <summary>
/// Tilt EQ of the master: a low shelf of −TiltDb/2 and a high shelf of +TiltDb/2 at the pivot, so a positive
/// tilt brightens around <paramref name="PivotHz"/> and leaves the pivot itself near 0 dB; then a free low and high
/// shelf, and a low cut and a high cut (24 dB/octave Butterworth; 0 = off) for material a shelf cannot move far enough.
/// </summary>
public sealed record TiltEqSettings(double TiltDb, double PivotHz = 1000, double LowShelfDb = 0, double LowShelfHz = 100, double HighShelfDb = 0, double HighShelfHz = 10000,
    double LowCutHz = 0, double HighCutHz = 0);

/// <summary>Look-ahead limiter whose detector sees the 4× oversampled signal, so the written file's true peak stays at or under the ceiling.</summary>
public sealed record LimiterSettings(double CeilingDbtp = -1.0, double LookaheadMs = 5, double ReleaseMs = 80, double InputGainDb = 0);

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

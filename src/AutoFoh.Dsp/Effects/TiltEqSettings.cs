namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Tilt EQ of the master: a low shelf of −TiltDb/2 and a high shelf of +TiltDb/2 at the pivot, so a positive
/// tilt brightens around <paramref name="PivotHz"/> and leaves the pivot itself near 0 dB; then a free low and high
/// shelf, and a low cut and a high cut (24 dB/octave Butterworth; 0 = off) for material a shelf cannot move far enough.
/// </summary>
public sealed record TiltEqSettings(double TiltDb, double PivotHz = 1000, double LowShelfDb = 0, double LowShelfHz = 100, double HighShelfDb = 0, double HighShelfHz = 10000,
    double LowCutHz = 0, double HighCutHz = 0);

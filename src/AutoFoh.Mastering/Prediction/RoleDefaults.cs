namespace AutoFoh.Mastering.Prediction;

/// <summary>
/// The one table of what the predictor learns as "taste" rather than as a correction: pan, high-pass corner
/// (when the stem needs one), compression, saturation and reverb send per instrument role, and how each
/// style shifts them. The training targets are these defaults plus the undo of each stem's perturbation
/// (the lab's MixTargets); attack, release, knee and drive are not predicted and come from here as they are.
/// </summary>
/// <param name="PanSpread">Stems of this role sit at ∓spread (first left, second right, ...); a lone one at −spread/2.</param>
/// <param name="HighPassHz">Corner of the high-pass for a stem with rumble or DC under it.</param>
/// <param name="ThresholdOverRmsDb">Compressor threshold relative to the stem's RMS at the compressor's input.</param>
public sealed record RoleDefaults(
    double PanSpread,
    double HighPassHz,
    double ThresholdOverRmsDb,
    double Ratio,
    double AttackMs,
    double ReleaseMs,
    double KneeDb,
    double SaturationDriveDb,
    double SaturationMix,
    double ReverbSendDb)
{
    // Starting points an engineer would recognise: kick/bass and vocals centred, guitars wide, keys a little
    // off centre; bass and drums held tighter, keys and the rest of the band left more open; the reverb on
    // vocals and keys, little on drums, none to speak of on bass.
    private static readonly Dictionary<InstrumentRole, RoleDefaults> Table = new()
    {
        [InstrumentRole.Drums] = new(0.0, 45, 8, 4.0, 5, 100, 6, 6, 0.10, -20),
        [InstrumentRole.Bass] = new(0.0, 35, 4, 4.0, 15, 150, 6, 6, 0.15, -40),
        [InstrumentRole.Guitar] = new(0.6, 90, 6, 3.0, 10, 120, 6, 6, 0.15, -18),
        [InstrumentRole.Keys] = new(0.3, 70, 6, 2.0, 20, 200, 6, 3, 0.05, -14),
        [InstrumentRole.Vocals] = new(0.0, 100, 4, 3.0, 5, 120, 6, 3, 0.05, -12),
        [InstrumentRole.Other] = new(0.0, 50, 6, 2.0, 15, 150, 6, 3, 0.05, -20),
    };

    /// <summary>How a style moves the role defaults: rock_punk squeezes and drives harder and stays drier, rnb_ballad is gentler and wetter.</summary>
    public sealed record StyleShift(double ThresholdDb, double RatioScale, double SaturationMix, double ReverbSendDb);

    private static readonly Dictionary<string, StyleShift> Styles = new()
    {
        [MixStyles.RockPunk] = new(-2, 1.25, 0.10, -3),
        [MixStyles.RnbBallad] = new(2, 0.8, -0.05, 4),
        [MixStyles.CountryPop] = new(0, 1.0, 0.0, 0),
    };

    public static RoleDefaults For(InstrumentRole role) => Table[role];

    public static StyleShift ForStyle(string style)
    {
        MixStyles.IndexOf(style);
        return Styles[style];
    }

    /// <summary>Pan of the <paramref name="ordinal"/>-th stem (0-based, in input order) of <paramref name="count"/> of its role.</summary>
    public static double Pan(InstrumentRole role, int ordinal, int count)
    {
        double spread = For(role).PanSpread;
        if (count <= 1) return -spread / 2;
        return ordinal % 2 == 0 ? -spread : spread;
    }
}

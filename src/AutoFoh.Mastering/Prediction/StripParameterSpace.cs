using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Prediction;

/// <summary>
/// What the predictor outputs for each stem slot, in order, with the real ranges its sigmoids are scaled to:
/// gain ±24 dB, pan ±1, high-pass 20..400 Hz (geometric), four EQ gains ±12 dB at fixed bands,
/// compressor threshold −40..0 dB and ratio 1..8, saturation mix 0..0.5, reverb send −40..0 dB.
/// </summary>
public static class StripParameterSpace
{
    public const int Gain = 0, Pan = 1, HighPass = 2, LowShelf = 3, LowPeak = 4, HighPeak = 5, HighShelf = 6,
        Threshold = 7, Ratio = 8, SaturationMix = 9, ReverbSend = 10;

    public static readonly PredictedParameter[] Parameters =
    [
        new("gain_db", -24, 24),
        new("pan", -1, 1),
        new("high_pass_hz", 20, 400, ParameterScale.Log),
        new("eq_low_shelf_db", -12, 12),
        new("eq_peak_500_db", -12, 12),
        new("eq_peak_3k_db", -12, 12),
        new("eq_high_shelf_db", -12, 12),
        new("compressor_threshold_db", -40, 0),
        new("compressor_ratio", 1, 8),
        new("saturation_mix", 0, 0.5),
        new("reverb_send_db", -40, 0),
    ];

    public static int Count => Parameters.Length;

    /// <summary>The EQ's bands are fixed; only their gains are predicted (indices LowShelf..HighShelf).</summary>
    public static readonly EqBand[] EqBands =
    [
        new(EqBandType.LowShelf, 100, 0),
        new(EqBandType.Peak, 500, 0, 1.0),
        new(EqBandType.Peak, 3000, 0, 1.0),
        new(EqBandType.HighShelf, 8000, 0),
    ];

    /// <summary>A predicted high-pass under this corner is the bottom of the range, read as "no high-pass".</summary>
    public const double HighPassOnHz = 25;

    /// <summary>The strip for real-valued parameters in the order of <see cref="Parameters"/>; attack, release, knee and drive from the role's defaults.</summary>
    public static StripParameters ToStrip(string stem, InstrumentRole role, ReadOnlySpan<double> values)
    {
        if (values.Length != Count) throw new ArgumentException($"{values.Length} values for {Count} strip parameters", nameof(values));
        var defaults = RoleDefaults.For(role);
        var eq = new EqBand[EqBands.Length];
        for (int b = 0; b < eq.Length; b++) eq[b] = EqBands[b] with { GainDb = values[LowShelf + b] };
        return new StripParameters(
            stem,
            values[HighPass] < HighPassOnHz ? StripParameters.HighPassOffHz : values[HighPass],
            eq,
            new CompressorSettings(values[Threshold], values[Ratio], defaults.KneeDb, defaults.AttackMs, defaults.ReleaseMs),
            new SaturationSettings(defaults.SaturationDriveDb, values[SaturationMix]),
            values[Gain],
            values[Pan],
            values[ReverbSend]);
    }
}

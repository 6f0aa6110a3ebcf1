namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Feed-forward compressor after Giannoulis, Massberg and Reiss (JAES 2012): static curve with a soft knee
/// (their eq. 4) in the log domain, smooth decoupled peak detector (eq. 17) with these attack/release times.
/// </summary>
public sealed record CompressorSettings(double ThresholdDb, double Ratio, double KneeDb, double AttackMs, double ReleaseMs, double MakeupDb = 0, bool Enabled = true)
{
    public static CompressorSettings Off => new(0, 1, 0, 10, 100, 0, Enabled: false);
}

namespace AutoFoh.Dsp.Effects;

/// <summary>tanh saturation: y = mix·tanh(drive·x)/tanh(drive) + (1 − mix)·x, drive as a gain in dB (0 dB = unity drive).</summary>
public sealed record SaturationSettings(double DriveDb, double Mix)
{
    public static SaturationSettings Off => new(0, 0);
}

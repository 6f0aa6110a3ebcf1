namespace AutoFoh.Dsp.Effects;

/// <summary>The shared reverb (Freeverb: 8 parallel damped combs, 4 all-passes per side) and its return level.</summary>
public sealed record ReverbSettings(double RoomSize, double Damping, double Width, double ReturnDb, double PreDelayMs = 0)
{
    public static ReverbSettings Default => new(0.7, 0.5, 1.0, -6, 10);
}

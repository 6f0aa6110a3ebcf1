namespace AutoFoh.Soundcheck.LineCheck;

/// <summary>Settings of the live coach; the defaults are the ones it ships with.</summary>
public sealed record CoachOptions
{
    public static CoachOptions Default { get; } = new();

    /// <summary>The live advice judges the median level of this many last seconds (and follows the song from up to 5 of them).</summary>
    public int EstimateSeconds { get; init; } = 5;

    /// <summary>The self-test calls an instrument trackable when it follows it within this many dB.</summary>
    public double SelfTestToleranceDb { get; init; } = LineCheckTakes.TrackableToleranceDb;
}

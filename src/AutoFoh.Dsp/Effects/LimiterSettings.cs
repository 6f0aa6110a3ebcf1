namespace AutoFoh.Dsp.Effects;

/// <summary>Look-ahead limiter whose detector sees the 4× oversampled signal, so the written file's true peak stays at or under the ceiling.</summary>
public sealed record LimiterSettings(double CeilingDbtp = -1.0, double LookaheadMs = 5, double ReleaseMs = 80, double InputGainDb = 0);

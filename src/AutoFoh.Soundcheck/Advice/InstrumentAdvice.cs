namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// One second's advice for one instrument: the action, how far (positive = turn up; the gain offset
/// that makes the live mix match the reference best), and the smoothed column sum it rests on.
/// </summary>
public sealed record InstrumentAdvice(double TimeSeconds, string Instrument, AdviceAction Action, double OffsetDb, double ColumnSum, bool Playing);

namespace AutoFoh.Soundcheck.Advice;

/// <summary>One piece of the live coach's advice: what, how far (dB, positive = turn up), from what it was judged, and how sure.</summary>
public sealed record CoachAdvice(double TimeSeconds, string Instrument, AdviceAction Action, double OffsetDb, AdviceSource Source, AdviceFlag Flag);

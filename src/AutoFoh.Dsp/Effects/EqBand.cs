namespace AutoFoh.Dsp.Effects;

/// <summary>Shape of one parametric EQ band (RBJ Audio EQ Cookbook).</summary>
public enum EqBandType { LowShelf, Peak, HighShelf }

/// <summary>One band of a channel strip's 4-band parametric EQ. Q is ignored by the shelves (slope S = 1).</summary>
public sealed record EqBand(EqBandType Type, double FrequencyHz, double GainDb, double Q = 1.0)
{
    public static EqBand Flat(EqBandType type, double frequencyHz) => new(type, frequencyHz, 0, 1.0);
}

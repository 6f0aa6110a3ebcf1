namespace AutoFoh.LiveMix;

/// <summary>
/// The arithmetic a mix is summed in: the gain of each sample times the sample, added over the channels. The
/// classic mixers (Dugan gain sharing, loudness balancing) compute their gains and sums in double; the learned
/// mixers and the raw sum in float, as the live engine does. <see cref="MixRunner"/> keeps each mixer's own, so a
/// file render is that mixer's mix to the bit.
/// </summary>
public enum MixPrecision
{
    /// <summary>Gains and sums in float.</summary>
    Single,

    /// <summary>Gains and sums in double, rounded to float once per output sample.</summary>
    Double,
}

using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// Seed 000, section 7: the state is the element-wise difference between the live dominance (24 x N) and
/// the predicted ideal; positive where an instrument dominates a band more than the reference says.
/// </summary>
public static class MixState
{
    /// <summary>Sum over the 24 bands of instrument <paramref name="instrument"/>'s column of live − ideal.</summary>
    public static float ColumnSum(ReadOnlySpan<float> live, ReadOnlySpan<float> ideal, int instrumentCount, int instrument)
    {
        float sum = 0;
        for (int b = 0; b < CriticalBands.Count; b++) sum += live[b * instrumentCount + instrument] - ideal[b * instrumentCount + instrument];
        return sum;
    }

    /// <summary>Σ |live − ideal| over every band and instrument: the distance the reward penalises.</summary>
    public static float AbsoluteDifference(ReadOnlySpan<float> live, ReadOnlySpan<float> ideal)
    {
        float sum = 0;
        for (int k = 0; k < live.Length; k++) sum += MathF.Abs(live[k] - ideal[k]);
        return sum;
    }
}

using AutoFoh.Mastering.Features;

namespace AutoFoh.Mastering.Prediction;

/// <summary>
/// The network's input: <see cref="MaxStems"/> fixed slots filled in <see cref="CanonicalOrder"/> of <see cref="SlotSize"/> values (presence,
/// features scaled to about ±3, role one-hot, the stem's place among stems of its role) and the style
/// one-hot. An empty slot is all zeros, its presence 0. Scalings are fixed (no statistics from the data),
/// non-finite figures read 0 and every value is clamped, so any input gives a bounded vector.
/// </summary>
public static class MixInput
{
    public const int MaxStems = 8;
    private const int FeatureValues = 13;
    public static readonly int SlotSize = FeatureValues + InstrumentRoles.All.Length + 2;
    public static int Size => MaxStems * SlotSize + MixStyles.Names.Length;

    /// <summary>A stem in a slot: its role and what was measured.</summary>
    public readonly record struct Slot(InstrumentRole Role, StemFeatures Features);

    /// <summary>
    /// The slot order of a band: by role (drums, bass, guitar, keys, vocals, other), stems of one role in the
    /// order given. Returns the input indices in slot order. Slots then mean the same role from band to band
    /// (a position the network can specialise on) whatever order the files came in.
    /// </summary>
    public static int[] CanonicalOrder(IReadOnlyList<InstrumentRole> roles) =>
        Enumerable.Range(0, roles.Count).OrderBy(i => roles[i]).ThenBy(i => i).ToArray();

    /// <summary>
    /// For each occupied slot, its rank among the occupied slots of the same role (in slot order) and how
    /// many there are: the pan defaults and the input both depend on it.
    /// </summary>
    public static (int Ordinal, int Count)[] RoleOrdinals(ReadOnlySpan<Slot?> slots)
    {
        var result = new (int, int)[slots.Length];
        var counts = new Dictionary<InstrumentRole, int>();
        for (int s = 0; s < slots.Length; s++)
            if (slots[s] is { } slot)
            {
                counts.TryGetValue(slot.Role, out int seen);
                result[s] = (seen, 0);
                counts[slot.Role] = seen + 1;
            }
        for (int s = 0; s < slots.Length; s++)
            if (slots[s] is { } slot) result[s] = (result[s].Item1, counts[slot.Role]);
        return result;
    }

    /// <summary>Writes the input vector for <paramref name="slots"/> (length <see cref="MaxStems"/>, null = empty) and a style.</summary>
    public static void Encode(ReadOnlySpan<Slot?> slots, string style, Span<float> destination)
    {
        if (slots.Length != MaxStems) throw new ArgumentException($"{slots.Length} slots, the predictor has {MaxStems}", nameof(slots));
        if (destination.Length < Size) throw new ArgumentException($"destination holds {destination.Length} values, the input has {Size}", nameof(destination));
        int styleIndex = MixStyles.IndexOf(style);
        destination[..Size].Clear();
        var ordinals = RoleOrdinals(slots);
        for (int s = 0; s < MaxStems; s++)
        {
            if (slots[s] is not { } slot) continue;
            var x = destination.Slice(s * SlotSize, SlotSize);
            var f = slot.Features;
            x[0] = 1;
            x[1] = f.IsSilent ? 1 : 0;
            x[2] = Scale(f.RmsDbfs, -30, 10);
            x[3] = Scale(f.CrestFactorDb, 15, 10);
            x[4] = (float)Math.Clamp(Math.Log2(Math.Max(20, Finite(f.SpectralCentroidHz)) / 1000), -6, 5);
            x[5] = Scale(f.DynamicRangeDb, 10, 10);
            x[6] = Scale(f.LoudnessOrFloorLufs, -30, 10);
            x[7] = Scale(f.LowEnergyDb, -10, 10);
            x[8] = Scale(f.MidEnergyDb, -10, 10);
            x[9] = Scale(f.HighEnergyDb, -10, 10);
            x[10] = Scale(f.SubEnergyDb, -30, 10);
            x[11] = f.IsStereo ? 1 : 0;
            x[12] = (float)Math.Clamp(Finite(f.MsRatio), 0, 3);
            x[FeatureValues + (int)slot.Role] = 1;
            var (ordinal, count) = ordinals[s];
            x[FeatureValues + InstrumentRoles.All.Length] = Math.Min(ordinal, 2) / 2f;
            x[FeatureValues + InstrumentRoles.All.Length + 1] = count > 1 ? 1 : 0;
        }
        destination[MaxStems * SlotSize + styleIndex] = 1;
    }

    /// <summary>(value − centre)/width, clamped to ±6: a silent stem's −120 dB floor stays a bounded input.</summary>
    private static float Scale(double value, double centre, double width) => (float)Math.Clamp((Finite(value) - centre) / width, -6, 6);

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}

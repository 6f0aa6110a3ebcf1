namespace AutoFoh.Mastering.Features;

/// <summary>
/// What the predictor knows about one stem (seed 004's feature set plus loudness and band balance).
/// Every figure is finite: silence reads <see cref="FloorDb"/> for levels and band energies, 0 for the
/// centroid, the crest factor and the dynamic range, null loudness and <see cref="IsSilent"/> set.
/// </summary>
/// <param name="RmsDbfs">RMS over all samples of all channels, a full-scale sine at −3.01 dBFS (docs/architecture.md).</param>
/// <param name="CrestFactorDb">Sample peak over RMS (3.01 dB for a sine).</param>
/// <param name="SpectralCentroidHz">Centroid of the long-term average magnitude spectrum of the mono downmix.</param>
/// <param name="DynamicRangeDb">95th minus 10th percentile of 400 ms RMS windows above −70 dBFS, of the mono downmix.</param>
/// <param name="IntegratedLufs">BS.1770-4 gated loudness; null when no 400 ms block clears the −70 LUFS gate.</param>
/// <param name="LowEnergyDb">Energy under 250 Hz relative to the stem's total (0 dB = all of it).</param>
/// <param name="MidEnergyDb">Energy from 250 Hz to 4 kHz relative to the total.</param>
/// <param name="HighEnergyDb">Energy over 4 kHz relative to the total.</param>
/// <param name="SubEnergyDb">Energy under 40 Hz (DC included) relative to the total: rumble and offsets, which a high-pass removes.</param>
/// <param name="IsStereo">Two or more channels.</param>
/// <param name="MsRatio">RMS(side)/RMS(mid) of the first two channels (0 for mono), capped at <see cref="MaxMsRatio"/>.</param>
/// <param name="IsSilent">Nothing clears the loudness gate (silent, or too short to be measured).</param>
public sealed record StemFeatures(
    double RmsDbfs,
    double CrestFactorDb,
    double SpectralCentroidHz,
    double DynamicRangeDb,
    double? IntegratedLufs,
    double LowEnergyDb,
    double MidEnergyDb,
    double HighEnergyDb,
    double SubEnergyDb,
    bool IsStereo,
    double MsRatio,
    bool IsSilent)
{
    /// <summary>Level and band-energy floor: what silence, or a band with nothing in it, reads.</summary>
    public const double FloorDb = -120;

    /// <summary>The loudness that stands for "not measurable": BS.1770's absolute gate.</summary>
    public const double SilentLufs = -70;

    /// <summary>A polarity-inverted pair has an infinite ratio; the feature stays finite.</summary>
    public const double MaxMsRatio = 10;

    /// <summary>Integrated loudness, or <see cref="SilentLufs"/> when it could not be measured.</summary>
    public double LoudnessOrFloorLufs => IntegratedLufs ?? SilentLufs;
}

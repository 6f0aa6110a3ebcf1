using AutoFoh.Mastering.Export;

namespace AutoFoh.Mastering.Styles;

/// <summary>
/// One figure of a written mix against its style: the measured value, the target and the band the tolerance allows
/// (<paramref name="Low"/> .. <paramref name="High"/>; the true peak has no lower bound, so its low is −∞).
/// </summary>
public sealed record FigureCompliance(string Figure, string Unit, double Measured, double Target, double Low, double High)
{
    /// <summary>Inside the band (a figure that is not a number, such as the loudness of silence, is not).</summary>
    public bool Ok => Measured >= Low && Measured <= High;
}

/// <summary>
/// The four figures of a written mix checked against a style's targets and tolerance, figure by figure
/// (the rule of <see cref="Solving.MasterSolver.Score"/> ≤ 1: loudness within ±integrated_lu, centroid within
/// ±centroid_fraction of the target, ms_ratio within ±ms_ratio, true peak at or under the ceiling).
/// </summary>
public static class StyleCompliance
{
    /// <summary>The figures' names, as in the JSON reports: the order the web page and the tables show them in.</summary>
    public static readonly string[] Figures = ["integrated_lufs", "spectral_centroid_hz", "ms_ratio", "true_peak_dbtp"];

    public static IReadOnlyList<FigureCompliance> Check(MixMeasurement measured, StyleTarget style)
    {
        var t = style.Tolerance;
        return
        [
            new("integrated_lufs", "LUFS", measured.IntegratedLufs, style.IntegratedLufs, style.IntegratedLufs - t.IntegratedLu, style.IntegratedLufs + t.IntegratedLu),
            new("spectral_centroid_hz", "Hz", measured.SpectralCentroidHz, style.SpectralCentroidHz,
                style.SpectralCentroidHz * (1 - t.CentroidFraction), style.SpectralCentroidHz * (1 + t.CentroidFraction)),
            new("ms_ratio", "", measured.MsRatio, style.MsRatio, style.MsRatio - t.MsRatio, style.MsRatio + t.MsRatio),
            new("true_peak_dbtp", "dBTP", measured.TruePeakDbtp, style.TruePeakDbtp, double.NegativeInfinity, style.TruePeakDbtp),
        ];
    }
}

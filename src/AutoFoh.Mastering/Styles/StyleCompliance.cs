using AutoFoh.Mastering.Export;

namespace AutoFoh.Mastering.Styles;

/// <summary>
/// One figure of a written mix against its style: the measured value, the target, the band the tolerance allows
/// (<paramref name="Low"/> .. <paramref name="High"/>; the true peak has no lower bound, so its low is −∞) and how far
/// the figure is from its target in units of its tolerance (<paramref name="Deviation"/>; 0 or +∞ for the true peak,
/// which is under its ceiling or not; +∞ for a figure that is not a number).
/// </summary>
public sealed record FigureCompliance(string Figure, string Unit, double Measured, double Target, double Low, double High, double Deviation)
{
    /// <summary>Within the tolerance (a figure that is not a number, such as the loudness of silence, is not).</summary>
    public bool Ok => Deviation <= 1;
}

/// <summary>
/// The one rule of whether a mix meets its style, used by the solver (<see cref="Score"/>), the CLI and the web page:
/// loudness within ±integrated_lu, centroid within ±centroid_fraction of the target, ms_ratio within ±ms_ratio, true
/// peak at or under the ceiling. Each figure's deviation is its distance from the target in units of its tolerance.
/// </summary>
public static class StyleCompliance
{
    /// <summary>The figures' names, as in the JSON reports: the order the web page and the tables show them in.</summary>
    public static readonly string[] Figures = ["integrated_lufs", "spectral_centroid_hz", "ms_ratio", "true_peak_dbtp"];

    public static IReadOnlyList<FigureCompliance> Check(MixMeasurement measured, StyleTarget style)
    {
        var t = style.Tolerance;
        double lufs = style.IntegratedLufs, centroid = style.SpectralCentroidHz, ms = style.MsRatio;
        return
        [
            new("integrated_lufs", "LUFS", measured.IntegratedLufs, lufs, lufs - t.IntegratedLu, lufs + t.IntegratedLu,
                Deviation(LoudnessDeviation(measured, style))),
            new("spectral_centroid_hz", "Hz", measured.SpectralCentroidHz, centroid, centroid * (1 - t.CentroidFraction), centroid * (1 + t.CentroidFraction),
                Deviation(CentroidDeviation(measured, style))),
            new("ms_ratio", "", measured.MsRatio, ms, ms - t.MsRatio, ms + t.MsRatio, Deviation(WidthDeviation(measured, style))),
            new("true_peak_dbtp", "dBTP", measured.TruePeakDbtp, style.TruePeakDbtp, double.NegativeInfinity, style.TruePeakDbtp,
                UnderCeiling(measured, style) ? 0 : double.PositiveInfinity),
        ];
    }

    /// <summary>Every figure within its tolerance (<see cref="Score"/> ≤ 1).</summary>
    public static bool Within(IReadOnlyList<FigureCompliance> figures) => figures.All(f => f.Ok);

    /// <summary>
    /// How far a measurement is from the style, in units of its tolerance (the worst of loudness, centroid and width);
    /// infinite when the true peak is over the ceiling or a figure is not a number. The mix meets the style at ≤ 1.
    /// </summary>
    public static double Score(MixMeasurement measured, StyleTarget style)
    {
        if (!UnderCeiling(measured, style)) return double.PositiveInfinity;
        double loudness = LoudnessDeviation(measured, style), centroid = CentroidDeviation(measured, style), width = WidthDeviation(measured, style);
        double score = Math.Max(loudness, Math.Max(centroid, width));
        return double.IsNaN(score) ? double.PositiveInfinity : score;
    }

    private static bool UnderCeiling(MixMeasurement m, StyleTarget style) => m.TruePeakDbtp <= style.TruePeakDbtp;

    private static double LoudnessDeviation(MixMeasurement m, StyleTarget style) =>
        Math.Abs(m.IntegratedLufs - style.IntegratedLufs) / style.Tolerance.IntegratedLu;

    private static double CentroidDeviation(MixMeasurement m, StyleTarget style) =>
        Math.Abs(m.SpectralCentroidHz / style.SpectralCentroidHz - 1) / style.Tolerance.CentroidFraction;

    private static double WidthDeviation(MixMeasurement m, StyleTarget style) => Math.Abs(m.MsRatio - style.MsRatio) / style.Tolerance.MsRatio;

    private static double Deviation(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}

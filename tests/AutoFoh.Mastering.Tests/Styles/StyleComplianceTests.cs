using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Solving;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Tests.Styles;

public class StyleComplianceTests
{
    private static StyleTarget RockPunk() => StyleTargets.Load(RepositoryPaths.StyleTargets)["rock_punk"];

    [Fact]
    public void Each_figure_has_the_styles_target_and_the_band_its_tolerance_allows()
    {
        // rock_punk: −9.5 LUFS ±0.2, 2800 Hz ±5 %, ms_ratio 0.6 ±0.03, true peak ≤ −1 dBTP.
        var figures = StyleCompliance.Check(new MixMeasurement(-9.45, 2900, 0.58, -1.3), RockPunk());
        Assert.Equal(StyleCompliance.Figures, figures.Select(f => f.Figure));
        Assert.Equal((-9.45, -9.5, -9.7, -9.3), (figures[0].Measured, figures[0].Target, figures[0].Low, figures[0].High));
        Assert.Equal(2660, figures[1].Low, 6);
        Assert.Equal(2940, figures[1].High, 6);
        Assert.Equal(0.57, figures[2].Low, 6);
        Assert.Equal(0.63, figures[2].High, 6);
        Assert.Equal((double.NegativeInfinity, -1.0), (figures[3].Low, figures[3].High));
        Assert.All(figures, f => Assert.True(f.Ok, f.Figure));
    }

    [Theory]
    [InlineData(-9.75, 2800, 0.6, -1.5, "integrated_lufs")]
    [InlineData(-9.5, 2600, 0.6, -1.5, "spectral_centroid_hz")]
    [InlineData(-9.5, 2800, 0.64, -1.5, "ms_ratio")]
    [InlineData(-9.5, 2800, 0.6, -0.9, "true_peak_dbtp")]
    [InlineData(double.NaN, 2800, 0.6, -1.5, "integrated_lufs")]
    public void Only_the_figure_outside_its_band_fails_and_the_solver_agrees_the_mix_misses(double lufs, double centroidHz, double msRatio, double truePeakDbtp, string missing)
    {
        var measured = new MixMeasurement(lufs, centroidHz, msRatio, truePeakDbtp);
        var figures = StyleCompliance.Check(measured, RockPunk());
        Assert.Equal([missing], figures.Where(f => !f.Ok).Select(f => f.Figure));
        Assert.True(MasterSolver.Score(measured, RockPunk()) > 1);
    }

    [Fact]
    public void The_solver_s_score_and_the_figures_agree_on_every_measurement()
    {
        var style = RockPunk();
        var random = new Random(3);
        for (int i = 0; i < 20000; i++)
        {
            // Around the band's edges, where a second rule could round the other way.
            var measured = new MixMeasurement(-9.5 + (random.NextDouble() - 0.5) * 0.6, 2800 * (1 + (random.NextDouble() - 0.5) * 0.15),
                0.6 + (random.NextDouble() - 0.5) * 0.09, -1 + (random.NextDouble() - 0.8) * 0.5);
            var figures = StyleCompliance.Check(measured, style);
            Assert.Equal(MasterSolver.Score(measured, style) <= 1, StyleCompliance.Within(figures));
            Assert.Equal(StyleCompliance.Score(measured, style), figures.Max(f => f.Deviation));
        }
    }
}

using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Tests.Styles;

public class StyleTargetsTests
{
    private static string ShippedPath() => RepositoryPaths.StyleTargets;

    private static string Shipped => File.ReadAllText(ShippedPath());

    [Fact]
    public void Shipped_file_holds_seed_004s_three_styles_with_their_figures()
    {
        var targets = StyleTargets.Load(ShippedPath());
        Assert.Equal((-9.5, 2800.0, 0.6), (targets["rock_punk"].IntegratedLufs, targets["rock_punk"].SpectralCentroidHz, targets["rock_punk"].MsRatio));
        Assert.Equal((-12.0, 1800.0, 0.8), (targets["rnb_ballad"].IntegratedLufs, targets["rnb_ballad"].SpectralCentroidHz, targets["rnb_ballad"].MsRatio));
        Assert.Equal((-10.5, 2200.0, 0.7), (targets["country_pop"].IntegratedLufs, targets["country_pop"].SpectralCentroidHz, targets["country_pop"].MsRatio));
        foreach (var style in targets.All)
        {
            Assert.Equal(-1.0, style.TruePeakDbtp);
            Assert.Equal(-1.0, style.Processing.Limiter.CeilingDbtp);
            Assert.Equal(1.0, style.FrequencyBalance.Low + style.FrequencyBalance.Mid + style.FrequencyBalance.High, 2);
            Assert.Equal(StyleTolerance.Default, style.Tolerance);
            Assert.True(style.Processing.BusCompressor.Ratio > 1);
        }
    }

    [Fact]
    public void Unknown_style_is_refused_with_the_known_ones()
    {
        var targets = StyleTargets.Parse(Shipped, "t.yaml");
        var error = Assert.Throws<ArgumentException>(() => targets["polka"]);
        Assert.Contains("'polka'", error.Message);
        Assert.Contains("rock_punk", error.Message);
    }

    [Fact]
    public void A_missing_field_is_named_with_its_style_and_line()
    {
        string yaml = Shipped.Replace("    spectral_centroid_hz: 1800\n", "");
        var error = Assert.Throws<FormatException>(() => StyleTargets.Parse(yaml, "mine.yaml"));
        Assert.StartsWith("mine.yaml: line ", error.Message);
        Assert.Contains("style 'rnb_ballad': spectral_centroid_hz is missing", error.Message);
    }

    [Fact]
    public void A_wrong_type_is_named_with_the_value()
    {
        string yaml = Shipped.Replace("integrated_lufs: -9.5", "integrated_lufs: loud");
        var error = Assert.Throws<FormatException>(() => StyleTargets.Parse(yaml, "mine.yaml"));
        Assert.Contains("style 'rock_punk': integrated_lufs must be a number, not 'loud'", error.Message);
        Assert.Contains("line 16", error.Message);

        string nested = Shipped.Replace("frequency_balance: { low: 0.30, mid: 0.55, high: 0.15 }", "frequency_balance: [0.3, 0.55, 0.15]");
        Assert.Contains("frequency_balance must be a mapping, not 'a list'", Assert.Throws<FormatException>(() => StyleTargets.Parse(nested, "m.yaml")).Message);
    }

    [Theory]
    [InlineData("integrated_lufs: -9.5", "integrated_lufs: 3", "integrated_lufs = 3 is out of range")]
    [InlineData("ms_ratio: 0.6", "ms_ratio: -0.2", "ms_ratio = -0.2 is out of range")]
    [InlineData("true_peak_dbtp: -1.0\n    frequency_balance: { low: 0.30", "true_peak_dbtp: 2\n    frequency_balance: { low: 0.30", "true_peak_dbtp = 2 is out of range")]
    [InlineData("{ threshold_db: -12, ratio: 4.0", "{ threshold_db: -12, ratio: 0.5", "bus_compressor: ratio = 0.5 is out of range")]
    [InlineData("{ low: 0.30, mid: 0.55, high: 0.15 }", "{ low: 0.30, mid: 0.55, high: 0.45 }", "low + mid + high = 1.3, must be 1")]
    public void Out_of_range_values_are_named(string original, string replacement, string expected)
    {
        Assert.Contains(original, Shipped);
        var error = Assert.Throws<FormatException>(() => StyleTargets.Parse(Shipped.Replace(original, replacement), "mine.yaml"));
        Assert.Contains(expected, error.Message);
        Assert.Contains("rock_punk", error.Message);
    }

    [Fact]
    public void Broken_yaml_and_missing_files_are_one_line_each()
    {
        var broken = Assert.Throws<FormatException>(() => StyleTargets.Parse("styles: {rock: [", "bad.yaml"));
        Assert.StartsWith("bad.yaml: line", broken.Message);
        Assert.DoesNotContain('\n', broken.Message);
        Assert.Contains("'styles' holds no style", Assert.Throws<FormatException>(() => StyleTargets.Parse("styles: {}", "e.yaml")).Message);
        Assert.Contains("styles is missing", Assert.Throws<FormatException>(() => StyleTargets.Parse("other: 1", "e.yaml")).Message);
        Assert.Throws<FileNotFoundException>(() => StyleTargets.Load("/nonexistent/targets.yaml"));
    }

    [Fact]
    public void A_users_own_style_reads_with_default_tolerance()
    {
        string start = Shipped.IndexOf("  rock_punk:", StringComparison.Ordinal) is int i and >= 0 ? Shipped[i..Shipped.IndexOf("  rnb_ballad:", StringComparison.Ordinal)] : throw new InvalidOperationException();
        string mine = "styles:\n" + start.Replace("rock_punk", "doom").Replace("integrated_lufs: -9.5", "integrated_lufs: -14")
            .Replace("    tolerance: { integrated_lu: 0.2, centroid_fraction: 0.05, ms_ratio: 0.03 }\n", "");
        var doom = StyleTargets.Parse(mine, "doom.yaml")["doom"];
        Assert.Equal(-14, doom.IntegratedLufs);
        Assert.Equal(StyleTolerance.Default, doom.Tolerance);
    }
}

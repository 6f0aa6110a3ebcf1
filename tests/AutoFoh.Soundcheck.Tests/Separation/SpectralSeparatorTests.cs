using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Tests.Separation;

public class SpectralSeparatorTests
{
    private const int Rate = 16000;

    // Two instruments with distinct but overlapping spectra, and a different excerpt for the line check.
    private static float[] Low(int seconds, int seed) => Signals.BandNoise(60, 1500, 0.1, Rate, seconds * Rate, seed);
    private static float[] High(int seconds, int seed) => Signals.BandNoise(700, 6000, 0.05, Rate, seconds * Rate, seed);

    private static float[] Mix(float[] a, double aDb, float[] b, double bDb)
    {
        float ga = (float)Math.Pow(10, aDb / 20), gb = (float)Math.Pow(10, bDb / 20);
        return a.Zip(b, (x, y) => ga * x + gb * y).ToArray();
    }

    [Theory]
    [InlineData(-12)]
    [InlineData(0)]
    [InlineData(9)]
    public void Level_tracking_recovers_how_far_an_instrument_moved_from_its_line_check(double changeDb)
    {
        var tracker = new LevelTrackingSeparator(["low", "high"], [Low(4, 1), High(4, 2)], Rate, Rate);
        var changes = new double[2];
        tracker.FitChanges(Mix(Low(2, 3), 0, High(2, 4), changeDb), changes);
        Assert.InRange(changes[1], changeDb - 1, changeDb + 1);
        Assert.InRange(changes[0], -1, 1);
    }

    [Fact]
    public void An_instrument_that_stopped_is_reported_at_the_floor_and_its_estimate_is_quiet()
    {
        var tracker = new LevelTrackingSeparator(["low", "high"], [Low(4, 1), High(4, 2)], Rate, Rate, floorDb: -40);
        var analysis = new PerceptualDominance(Rate, 1);
        var live = Low(1, 5);
        analysis.LoadMagnitudes(0, live);
        var estimates = new[] { new float[Rate / 2 + 1], new float[Rate / 2 + 1] };
        tracker.Separate(live, analysis.Magnitudes(0), estimates);
        Assert.Equal(-40, tracker.ChangeDb[1], 1);
        Assert.True(estimates[1].Sum() < 0.02 * estimates[0].Sum());
    }

    [Theory]
    [InlineData("nmf")]
    [InlineData("exemplar")]
    [InlineData("ltas")]
    public void Mask_separators_give_more_of_the_band_to_an_instrument_turned_up(string method)
    {
        var separator = SeparatorCatalog.Create(method, ["low", "high"], [Low(4, 1), High(4, 2)], Rate, Rate);
        var analysis = new PerceptualDominance(Rate, 1);
        var estimates = new[] { new float[Rate / 2 + 1], new float[Rate / 2 + 1] };
        double HighShare(double highDb)
        {
            var live = Mix(Low(1, 11), 0, High(1, 12), highDb);
            analysis.LoadMagnitudes(0, live);
            separator.Separate(live, analysis.Magnitudes(0), estimates);
            double low = estimates[0].Sum(x => (double)x * x), high = estimates[1].Sum(x => (double)x * x);
            return high / (low + high);
        }
        double quiet = HighShare(-12), loud = HighShare(12);
        Assert.True(loud > quiet + 0.3, $"{method}: high's share {quiet:F2} at -12 dB, {loud:F2} at +12 dB");
    }

    [Fact]
    public void The_catalog_refuses_an_unknown_method_by_listing_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SeparatorCatalog.Create("demix", ["a"], [new float[Rate]], Rate, Rate));
        Assert.Contains("tracking", error.Message);
    }
}

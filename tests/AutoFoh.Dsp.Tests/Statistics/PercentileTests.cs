using AutoFoh.Dsp.Statistics;

namespace AutoFoh.Dsp.Tests.Statistics;

public class PercentileTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 5.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.95, 4.8)] // NumPy: np.percentile([1,2,3,4,5], 95) == 4.8
    [InlineData(0.1, 1.4)]
    public void Interpolates_linearly_between_order_statistics_as_numpy_does(double fraction, double expected)
    {
        Assert.Equal(expected, Percentile.OfSorted([1.0, 2, 3, 4, 5], fraction), 9);
        Assert.Equal(expected, Percentile.InPlace(new float[] { 4, 1, 5, 3, 2 }, fraction), 5);
    }

    [Fact]
    public void Quickselect_agrees_with_sorting_on_random_and_tied_values()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 500);
            var values = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 10, trial % 2)).ToArray();
            double fraction = random.NextDouble();
            var sorted = values.Select(v => (double)v).Order().ToList();
            Assert.Equal(Percentile.OfSorted(sorted, fraction), Percentile.InPlace(values, fraction), 4);
        }
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Percentile.InPlace(Span<float>.Empty, 0.5));
    }
}

using AutoFoh.Dsp.Statistics;

namespace AutoFoh.Dsp.Tests.Statistics;

public class SelectionAndRadixSortTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(700, 3)]
    [InlineData(5000, 4)]
    public void Radix_sort_orders_non_negative_floats_as_Array_Sort_does(int n, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, n).Select(k => k % 17 == 0 ? 0f : k % 29 == 0 ? float.PositiveInfinity : (float)(Math.Exp(random.NextDouble() * 20 - 10))).ToArray();
        if (n > 10) values[5] = values[6];   // duplicates
        var expected = (float[])values.Clone();
        Array.Sort(expected);
        RadixSort.SortNonNegative(values, new float[n]);
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Radix_sort_refuses_a_negative_value_by_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => RadixSort.SortNonNegative(new[] { 1f, -2.5f, 3f }, new float[3]));
        Assert.Contains("-2.5", error.Message);
    }

    [Theory]
    [InlineData(100, 0.95)]
    [InlineData(14000, 0.95)]
    [InlineData(14000, 0.5)]
    [InlineData(3000, 1.0)]
    [InlineData(3000, 0.0)]
    public void The_percentile_of_values_matches_the_in_place_one_and_leaves_the_values_alone(int n, double fraction)
    {
        var random = new Random(n);
        var values = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        var copy = (float[])values.Clone();
        float fast = Percentile.OfValues(values, fraction, new float[n]);
        Assert.Equal(copy, values);
        Assert.Equal(Percentile.InPlace(copy, fraction), fast);
    }

    [Fact]
    public void The_largest_values_are_found_even_when_the_sample_misleads()
    {
        // Mostly equal values with a few large ones: a sampled pivot sees only the plateau.
        var values = Enumerable.Repeat(1f, 4000).ToArray();
        for (int k = 0; k < 7; k++) values[k * 500 + 3] = 10 + k;
        var largest = new float[20];
        Percentile.Largest(values, largest, new float[values.Length]);
        Array.Sort(largest);
        Assert.Equal(Enumerable.Repeat(1f, 13).Concat(Enumerable.Range(0, 7).Select(k => 10f + k)), largest);
    }
}

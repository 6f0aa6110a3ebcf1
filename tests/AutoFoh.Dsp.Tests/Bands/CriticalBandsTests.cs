using AutoFoh.Dsp.Bands;

namespace AutoFoh.Dsp.Tests.Bands;

public class CriticalBandsTests
{
    [Fact]
    public void There_are_24_bands_with_Zwickers_edges()
    {
        Assert.Equal(24, CriticalBands.Count);
        Assert.Equal(25, CriticalBands.EdgesHz.Length);
        Assert.Equal(0, CriticalBands.EdgesHz[0]);
        Assert.Equal(510, CriticalBands.EdgesHz[5]);
        Assert.Equal(15500, CriticalBands.EdgesHz[24]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99.9, 0)]
    [InlineData(100, 1)]
    [InlineData(1000, 8)]
    [InlineData(15499, 23)]
    [InlineData(15500, -1)]
    [InlineData(-1, -1)]
    public void Frequencies_fall_in_the_band_whose_edges_hold_them(double frequencyHz, int band) =>
        Assert.Equal(band, CriticalBands.BandOf(frequencyHz));

    [Fact]
    public void Bin_ranges_tile_the_spectrum_up_to_15500_Hz_without_gaps()
    {
        const int fftSize = 48000; // one-second window at 48 kHz: 1 Hz bins
        var ranges = CriticalBands.BinRanges(fftSize, 48000);
        Assert.Equal(0, ranges[0].Start);
        for (int b = 1; b < 24; b++) Assert.Equal(ranges[b - 1].End, ranges[b].Start);
        Assert.Equal(15500, ranges[23].End);
        Assert.Equal(100, ranges[0].Length);
        Assert.Equal(3500, ranges[23].Length);
        foreach (var (range, b) in ranges.Select((r, b) => (r, b)))
            for (int k = range.Start; k < range.End; k += 97)
                Assert.Equal(b, CriticalBands.BandOf(k * 48000.0 / fftSize));
    }
}

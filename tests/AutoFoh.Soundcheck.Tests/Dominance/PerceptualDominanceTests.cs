using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Dominance;

namespace AutoFoh.Soundcheck.Tests.Dominance;

public class PerceptualDominanceTests
{
    private const int Rate = 16000; // 1 s windows of 16000 samples: 1 Hz bins, bands up to 8 kHz

    [Fact]
    public void A_bass_alone_in_the_lowest_band_owns_it()
    {
        // Off-bin frequencies, as real tones are: an on-bin sine under a Hann window fills only three bins.
        string[] names = ["bass", "guitar", "vocals"];
        var stems = new[]
        {
            Signals.Sine(60.37, 0.3, Rate, 2 * Rate),
            Signals.Sine(1000.37, 0.3, Rate, 2 * Rate),
            Signals.Sine(3000.37, 0.3, Rate, 2 * Rate),
        };
        var map = new PerceptualDominance(Rate, 3).Compute(names, stems);
        Assert.Equal(2, map.Frames);
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(1f, map[t, 0, 0], 6);   // band 0 (0-100 Hz): bass
            Assert.Equal(1f, map[t, 8, 1], 6);   // band 8 (920-1080 Hz): guitar
            Assert.Equal(1f, map[t, 15, 2], 6);  // band 15 (2700-3150 Hz): vocals
        }
    }

    [Fact]
    public void A_loud_guitar_owns_the_mid_bands_and_shares_sum_to_one_everywhere()
    {
        string[] names = ["guitar", "keys"];
        var stems = new[]
        {
            Signals.BandNoise(520, 1950, 0.5, Rate, Rate, seed: 1),
            Signals.BandNoise(100, 6000, 0.02, Rate, Rate, seed: 2),
        };
        var map = new PerceptualDominance(Rate, 2).Compute(names, stems);
        for (int b = 6; b <= 12; b++) Assert.True(map[0, b, 0] > 0.95f, $"band {b}: guitar share {map[0, b, 0]}");
        for (int b = 15; b <= 18; b++) Assert.True(map[0, b, 1] > 0.95f, $"band {b}: keys share {map[0, b, 1]}");
        for (int b = 0; b < CriticalBands.Count; b++) Assert.Equal(1f, map[0, b, 0] + map[0, b, 1], 5);
    }

    [Fact]
    public void Silence_gives_every_instrument_an_equal_share_and_never_divides_by_zero()
    {
        var map = new PerceptualDominance(Rate, 4).Compute(["a", "b", "c", "d"], Enumerable.Range(0, 4).Select(_ => new float[Rate]).ToArray());
        Assert.All(map.Shares, s => Assert.Equal(0.25f, s));
    }

    [Fact]
    public void Bins_above_the_95th_percentile_of_all_stems_are_counted()
    {
        var analysis = new PerceptualDominance(48000, 2);
        var a = new float[analysis.WindowSamples / 2 + 1];
        var b = new float[a.Length];
        // Band 0 holds bins 0..99 (1 Hz bins). a = 2, 4, ..., 200; b = 1, 3, ..., 199.
        for (int k = 0; k < 100; k++) { a[k] = 2 * (k + 1); b[k] = 2 * k + 1; }
        analysis.SetMagnitudes(0, a);
        analysis.SetMagnitudes(1, b);
        var shares = new float[24 * 2];
        analysis.SharesFromMagnitudes(shares);
        // Union 1..200: NumPy's 95th percentile is 190.05; above it 191..200, five from each.
        Assert.Equal(0.5f, shares[0]);
        Assert.Equal(0.5f, shares[1]);
        // Scaling b by 2 puts b's 2·199 = 398 etc. on top: b owns the band.
        analysis.SharesFromMagnitudes(shares, [1f, 2f]);
        Assert.Equal(0f, shares[0]);
        Assert.Equal(1f, shares[1]);
    }

    [Fact]
    public void Any_number_of_instruments_is_accepted()
    {
        int n = 7;
        var stems = Enumerable.Range(0, n).Select(i => Signals.Sine(200 + 700 * i, 0.1, Rate, Rate)).ToArray();
        var map = new PerceptualDominance(Rate, n).Compute(Enumerable.Range(0, n).Select(i => $"i{i}").ToArray(), stems);
        Assert.Equal(n, map.InstrumentCount);
        for (int b = 0; b < 24; b++) Assert.Equal(1f, Enumerable.Range(0, n).Sum(i => map[0, b, i]), 4);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 0)]
    [InlineData(5, 4)]
    [InlineData(2, 1)]
    public void Sorted_spectra_give_exactly_the_shares_of_the_direct_computation_for_any_gain(int instruments, int targetIndex)
    {
        var random = new Random(5);
        var analysis = new PerceptualDominance(Rate, instruments);
        var candidates = new[]
        {
            Signals.BandNoise(50, 4000, 0.2, Rate, Rate, 3),
            Signals.BandNoise(300, 7000, 0.1, Rate, Rate, 4),
            Signals.Sine(440, 0.3, Rate, Rate),
            Signals.BandNoise(2000, 15000, 0.05, Rate, Rate, 5),
            Signals.BandNoise(20, 200, 0.4, Rate, Rate, 6),
        };
        var stems = candidates[..instruments];
        for (int i = 0; i < instruments; i++) analysis.LoadMagnitudes(i, stems[i]);
        var fast = new SortedFrameSpectra(analysis, target: targetIndex);
        var expected = new float[24 * instruments];
        var actual = new float[24 * instruments];
        foreach (double gainDb in new[] { -60.0, -13.5, -3, 0, 2.25, 17, 60 }.Concat(Enumerable.Range(0, 20).Select(_ => random.NextDouble() * 120 - 60)))
        {
            float gain = (float)Math.Pow(10, gainDb / 20);
            var gains = Enumerable.Range(0, instruments).Select(i => i == targetIndex ? gain : 1f).ToArray();
            analysis.SharesFromMagnitudes(expected, gains);
            fast.Shares(gain, actual);
            Assert.Equal(expected, actual);
            var target = new float[24];
            fast.TargetShares(gain, target);
            for (int b = 0; b < 24; b++) Assert.Equal(expected[b * instruments + targetIndex], target[b], 6);
        }
    }

    [Fact]
    public void Band_tops_keep_only_what_the_percentile_can_reach()
    {
        var analysis = new PerceptualDominance(Rate, 4);
        for (int i = 0; i < 4; i++) analysis.LoadMagnitudes(i, Signals.BandNoise(50, 15000, 0.1, Rate, Rate, 10 + i));
        var tops = new BandTops(analysis);
        int kept = 0, total = 0;
        for (int b = 0; b < 24; b++)
            for (int i = 0; i < 4; i++)
            {
                var top = tops.Top(b, i);
                Assert.True(top.Length <= tops.Kept[b]);
                for (int k = 1; k < top.Length; k++) Assert.True(top[k - 1] <= top[k]);
                kept += top.Length;
                total += tops.Totals[b] / 4;
            }
        // 5% of the band's union can come from one instrument: at most a fifth of each instrument's bins.
        Assert.InRange(kept / (double)total, 0.15, 0.21);
    }

    [Fact]
    public void Stems_of_different_lengths_are_refused_with_both_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new PerceptualDominance(Rate, 2).Compute(["guitar", "song"], [new float[Rate], new float[Rate + 1]]));
        Assert.Contains("song", error.Message);
        Assert.Contains("guitar", error.Message);
    }
}

using AutoFoh.Mastering.Features;
using static AutoFoh.Testing.Signals;

namespace AutoFoh.Mastering.Tests.Features;

public class StemFeatureExtractorTests
{
    private const double Rate = 44100;
    private static readonly int FourSeconds = (int)(4 * Rate);

    [Fact]
    public void A_full_scale_sine_reads_minus_3_01_dbfs_rms_and_a_3_01_db_crest_factor()
    {
        var f = StemFeatureExtractor.Extract([Sine(1000, 1.0, Rate, FourSeconds)], Rate);
        Assert.Equal(-3.01, f.RmsDbfs, 0.01);
        Assert.Equal(3.01, f.CrestFactorDb, 0.02);
        Assert.False(f.IsSilent);
        Assert.False(f.IsStereo);
        Assert.Equal(0, f.MsRatio);
    }

    [Fact]
    public void A_1_khz_sine_has_its_centroid_at_1_khz_and_all_its_energy_in_the_mid_band()
    {
        var f = StemFeatureExtractor.Extract([Sine(1000, 0.5, Rate, FourSeconds)], Rate);
        Assert.Equal(1000, f.SpectralCentroidHz, 15.0);
        Assert.Equal(0, f.MidEnergyDb, 0.01);
        Assert.True(f.LowEnergyDb < -50, $"low band {f.LowEnergyDb} dB");
        Assert.True(f.HighEnergyDb < -50, $"high band {f.HighEnergyDb} dB");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(8000)]
    public void A_sine_puts_its_energy_in_its_own_band(double frequencyHz)
    {
        var f = StemFeatureExtractor.Extract([Sine(frequencyHz, 0.5, Rate, FourSeconds)], Rate);
        double own = frequencyHz < 250 ? f.LowEnergyDb : f.HighEnergyDb;
        Assert.Equal(0, own, 0.01);
        Assert.True(f.MidEnergyDb < -40, $"mid band {f.MidEnergyDb} dB");
    }

    [Fact]
    public void A_1_khz_sine_at_minus_20_dbfs_reads_minus_23_lufs_as_bs1770_gives_for_one_channel()
    {
        // K-weighting is ≈ +0.69 dB at 1 kHz, which the −0.691 of BS.1770-4 eq. 2 cancels: one channel at
        // amplitude 0.1 has mean square 0.005, −23.01 LUFS.
        var f = StemFeatureExtractor.Extract([Sine(1000, 0.1, Rate, FourSeconds)], Rate);
        Assert.NotNull(f.IntegratedLufs);
        Assert.Equal(-23.01, f.IntegratedLufs!.Value, 0.1);
    }

    [Fact]
    public void White_noise_shares_its_energy_between_the_bands_as_their_bandwidths()
    {
        var f = StemFeatureExtractor.Extract([Noise(FourSeconds, 3)], Rate);
        double nyquist = Rate / 2;
        Assert.Equal(10 * Math.Log10(250 / nyquist), f.LowEnergyDb, 0.3);
        Assert.Equal(10 * Math.Log10(3750 / nyquist), f.MidEnergyDb, 0.1);
        Assert.Equal(10 * Math.Log10((nyquist - 4000) / nyquist), f.HighEnergyDb, 0.1);
        Assert.Equal(10 * Math.Log10(40 / nyquist), f.SubEnergyDb, 1.0);
        Assert.True(f.DynamicRangeDb < 0.5, $"steady noise has a dynamic range of {f.DynamicRangeDb} dB");
        // Noise spreads its magnitude evenly: the centroid sits near the middle of the band.
        Assert.Equal(nyquist / 2, f.SpectralCentroidHz, 300.0);
    }

    [Fact]
    public void A_stem_that_drops_by_20_db_half_way_has_a_dynamic_range_of_20_db()
    {
        var x = Sine(440, 0.5, Rate, FourSeconds);
        for (int n = FourSeconds / 2; n < x.Length; n++) x[n] *= 0.1f;
        var f = StemFeatureExtractor.Extract([x], Rate);
        Assert.Equal(20, f.DynamicRangeDb, 0.5);
    }

    [Fact]
    public void A_silent_stem_gives_finite_features_flagged_silent()
    {
        var f = StemFeatureExtractor.Extract([new float[FourSeconds], new float[FourSeconds]], Rate);
        Assert.True(f.IsSilent);
        Assert.Null(f.IntegratedLufs);
        Assert.Equal(StemFeatures.SilentLufs, f.LoudnessOrFloorLufs);
        Assert.Equal(StemFeatures.FloorDb, f.RmsDbfs);
        foreach (double v in new[] { f.RmsDbfs, f.CrestFactorDb, f.SpectralCentroidHz, f.DynamicRangeDb, f.LowEnergyDb, f.MidEnergyDb, f.HighEnergyDb, f.SubEnergyDb, f.MsRatio })
            Assert.True(double.IsFinite(v));
    }

    [Fact]
    public void Stereo_stems_report_their_width_and_a_polarity_inverted_pair_stays_finite()
    {
        var left = Noise(FourSeconds, 5);
        var same = StemFeatureExtractor.Extract([left, (float[])left.Clone()], Rate);
        Assert.True(same.IsStereo);
        Assert.Equal(0, same.MsRatio, 1e-9);
        // One side only: mid = side = L/2, ratio 1.
        var oneSide = StemFeatureExtractor.Extract([left, new float[FourSeconds]], Rate);
        Assert.Equal(1, oneSide.MsRatio, 1e-6);
        var inverted = StemFeatureExtractor.Extract([left, left.Select(v => -v).ToArray()], Rate);
        Assert.Equal(StemFeatures.MaxMsRatio, inverted.MsRatio);
    }

    [Fact]
    public void Channels_of_different_lengths_are_refused_naming_the_channel()
    {
        var error = Assert.Throws<ArgumentException>(() => StemFeatureExtractor.Extract([new float[100], new float[90]], Rate));
        Assert.Contains("channel 1 has 90 samples", error.Message);
    }
}

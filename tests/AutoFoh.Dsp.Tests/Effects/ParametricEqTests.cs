using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Filters;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class ParametricEqTests
{
    private const int Rate = 48000;

    /// <summary>
    /// |H(e^{jω})| of the RBJ cookbook section, evaluated here from the cookbook's own analog prototypes
    /// mapped by the bilinear transform (independent of the coefficient code): peaking
    /// H(s) = (s² + s·(A/Q) + 1) / (s² + s/(A·Q) + 1), low shelf H(s) = A·(s² + (√A/Q)s + A)/(A s² + (√A/Q)s + 1),
    /// high shelf H(s) = A·(A s² + (√A/Q)s + 1)/(s² + (√A/Q)s + A), with Q = 1/√2 for S = 1 and
    /// s = j·tan(ω/2)/tan(ω0/2).
    /// </summary>
    private static double CookbookGainDb(EqBand band, double frequencyHz)
    {
        double a = Math.Pow(10, band.GainDb / 40);
        double omega = Math.Tan(Math.PI * frequencyHz / Rate) / Math.Tan(Math.PI * band.FrequencyHz / Rate);
        var s = new System.Numerics.Complex(0, omega);
        double shelfQ = 1 / Math.Sqrt(2), k = Math.Sqrt(a) / shelfQ;
        var h = band.Type switch
        {
            EqBandType.Peak => (s * s + s * (a / band.Q) + 1) / (s * s + s / (a * band.Q) + 1),
            EqBandType.LowShelf => a * (s * s + k * s + a) / (a * s * s + k * s + 1),
            _ => a * (a * s * s + k * s + 1) / (s * s + k * s + a),
        };
        return Decibels.FromAmplitude(h.Magnitude);
    }

    private static ParametricEq Prepared(params EqBand[] bands)
    {
        var eq = new ParametricEq(bands);
        eq.Prepare(Rate, 4096);
        return eq;
    }

    public static TheoryData<EqBandType, double, double, double> Bands => new()
    {
        { EqBandType.Peak, 1000, 6, 1.0 },
        { EqBandType.Peak, 250, -9, 2.5 },
        { EqBandType.Peak, 6000, 4, 0.7 },
        { EqBandType.LowShelf, 120, 5, 1 },
        { EqBandType.LowShelf, 300, -8, 1 },
        { EqBandType.HighShelf, 8000, 3, 1 },
        { EqBandType.HighShelf, 4000, -6, 1 },
    };

    [Theory]
    [MemberData(nameof(Bands))]
    public void A_sine_through_one_band_is_scaled_by_the_cookbook_response(EqBandType type, double frequencyHz, double gainDb, double q)
    {
        var band = new EqBand(type, frequencyHz, gainDb, q);
        foreach (double f in new[] { 40.0, frequencyHz / 2, frequencyHz, frequencyHz * 2, 15000 })
        {
            var eq = Prepared(band);
            double measured = Signals.SteadyGainDb(x => eq.Process(x, []), f, Rate);
            Assert.Equal(CookbookGainDb(band, f), measured, 0.02);
        }
    }

    [Theory]
    [InlineData(1000, 6.0, 1.0)]
    [InlineData(3000, -10.0, 4.0)]
    public void A_peak_band_has_its_gain_at_its_frequency(double frequencyHz, double gainDb, double q)
    {
        var eq = Prepared(new EqBand(EqBandType.Peak, frequencyHz, gainDb, q));
        Assert.Equal(gainDb, Signals.SteadyGainDb(x => eq.Process(x, []), frequencyHz, Rate), 0.02);
    }

    [Theory]
    [InlineData(EqBandType.LowShelf, 200, 8.0, 20)]
    [InlineData(EqBandType.HighShelf, 2000, -6.0, 23000)]
    public void A_shelf_has_half_its_gain_at_its_frequency_and_all_of_it_far_beyond(EqBandType type, double frequencyHz, double gainDb, double farHz)
    {
        var eq = Prepared(new EqBand(type, frequencyHz, gainDb));
        Assert.Equal(gainDb / 2, Signals.SteadyGainDb(x => eq.Process(x, []), frequencyHz, Rate), 0.02);
        eq.Reset();
        Assert.Equal(gainDb, Signals.SteadyGainDb(x => eq.Process(x, []), farHz, Rate), 0.1);
    }

    [Fact]
    public void Four_bands_in_series_multiply_their_responses_on_both_channels()
    {
        EqBand[] bands = [new(EqBandType.LowShelf, 100, 4), new(EqBandType.Peak, 500, -3, 1.4), new(EqBandType.Peak, 2500, 5, 0.8), new(EqBandType.HighShelf, 9000, -4)];
        foreach (double f in new[] { 60.0, 500, 1200, 2500, 12000 })
        {
            var eq = Prepared(bands);
            double expected = bands.Sum(b => CookbookGainDb(b, f));
            double left = Signals.SteadyGainDb(x => eq.Process(x, new float[x.Length]), f, Rate);
            eq.Reset();
            double right = Signals.SteadyGainDb(x => eq.Process(new float[x.Length], x), f, Rate);
            Assert.Equal(expected, left, 0.03);
            Assert.Equal(expected, right, 0.03);
        }
    }

    [Fact]
    public void Bands_of_zero_dB_are_skipped_and_a_flat_eq_passes_the_signal_untouched()
    {
        var flat = Prepared([EqBand.Flat(EqBandType.LowShelf, 100), EqBand.Flat(EqBandType.Peak, 500), EqBand.Flat(EqBandType.Peak, 2500), EqBand.Flat(EqBandType.HighShelf, 8000)]);   // a neutral strip's EQ
        Assert.False(flat.IsActive);
        var x = Signals.Noise(1000, 1);
        var y = (float[])x.Clone();
        flat.Process(y, []);
        Assert.Equal(x, y);

        var one = new ParametricEq([new EqBand(EqBandType.LowShelf, 100, 0), new EqBand(EqBandType.Peak, 1000, 3), new EqBand(EqBandType.HighShelf, 8000, 0)]);
        one.Prepare(Rate, 512);
        Assert.Equal(BiquadCoefficients.Peaking(1000, Rate, 3, 1.0).Magnitude(1000, Rate), one.Magnitude(1000), 12);
    }

    [Fact]
    public void A_band_above_nyquist_is_refused_by_its_number_and_frequency()
    {
        var eq = new ParametricEq([new EqBand(EqBandType.Peak, 1000, 3), new EqBand(EqBandType.HighShelf, 30000, 2)]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => eq.Prepare(Rate, 512));
        Assert.Contains("band 2", e.Message);
        Assert.Contains("30000", e.Message);
    }
}

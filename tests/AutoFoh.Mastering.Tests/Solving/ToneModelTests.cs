using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Features;
using AutoFoh.Lab.Mastering.Validation;
using AutoFoh.Mastering.Solving;

namespace AutoFoh.Mastering.Tests.Solving;

public class ToneModelTests
{
    private const int Rate = 44100;

    private static (float[] Left, float[] Right) Band(double seconds = 6)
    {
        var stems = TestStems.Generate(TestStemKind.Band, 6, seconds, Rate, seed: 3);
        var left = new float[stems[0].Channels[0].Length];
        var right = new float[left.Length];
        for (int s = 0; s < stems.Count; s++)
        {
            var (l, r) = ConstantPowerPan.Gains(-0.8 + 0.32 * s, stems[s].Channels.Length);
            var ch = stems[s].Channels;
            for (int n = 0; n < left.Length; n++)
            {
                left[n] += (float)(l * ch[0][n]);
                right[n] += (float)(r * ch[ch.Length - 1][n]);
            }
        }
        return (left, right);
    }

    private static (double Centroid, double Ms) Measure(float[] left, float[] right)
    {
        var interleaved = new float[2 * left.Length];
        for (int n = 0; n < left.Length; n++) { interleaved[2 * n] = left[n]; interleaved[2 * n + 1] = right[n]; }
        return (AutoFoh.Dsp.Features.AudioFeatures.SpectralCentroidHz(interleaved, 2, Rate), AudioFeatures.MsRatio(interleaved, 2));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(8, 0)]
    [InlineData(-10, 4)]
    [InlineData(15, -6)]
    public void Predicted_centroid_and_width_match_the_tilt_eq_when_it_is_really_run(double tiltDb, double lowShelfDb)
    {
        var (left, right) = Band();
        var model = ToneModel.Analyse(left, right, Rate);
        var settings = new TiltEqSettings(tiltDb, LowShelfDb: lowShelfDb);
        var response = model.Response(settings);
        var eq = new TiltEq(settings);
        eq.Prepare(Rate, left.Length);
        var l = (float[])left.Clone();
        var r = (float[])right.Clone();
        eq.Process(l, r);
        var (centroid, ms) = Measure(l, r);
        Assert.InRange(model.CentroidHz(response) / centroid, 0.99, 1.01);
        Assert.InRange(model.MsRatio(response) / ms, 0.99, 1.01);
        // The model's response is the filter's own.
        foreach (double f in new[] { 50.0, 1000, 6000 })
            Assert.Equal(20 * Math.Log10(eq.Magnitude(f)), 20 * Math.Log10(model.Response(settings)[(int)Math.Round(f * ToneModel.FftSize / Rate)]), 0.3);
    }

    [Fact]
    public void Solve_finds_the_tilt_for_a_centroid_both_up_and_down()
    {
        var (left, right) = Band();
        var model = ToneModel.Analyse(left, right, Rate);
        double natural = model.CentroidHz(model.Response(new TiltEqSettings(0)));
        foreach (double aim in new[] { natural * 0.6, natural * 1.5 })
        {
            var eq = model.Solve(new TiltEqSettings(0), aim, lowShare: 0.3);
            Assert.Equal(aim, model.CentroidHz(model.Response(eq)), aim * 0.001);
            Assert.Equal(aim > natural, eq.TiltDb > 0);
        }
        // Out of reach: the end of the range, not a wild value.
        Assert.Equal(24, model.SolveTilt(new TiltEqSettings(0), 20000).TiltDb);
    }

    [Fact]
    public void Band_shares_sum_to_one_and_follow_a_low_shelf()
    {
        var (left, right) = Band();
        var model = ToneModel.Analyse(left, right, Rate);
        var flat = model.Balance(model.Response(new TiltEqSettings(0)));
        var boosted = model.Balance(model.Response(new TiltEqSettings(0, LowShelfDb: 6)));
        Assert.Equal(1, flat.Low + flat.Mid + flat.High, 6);
        Assert.True(boosted.Low > flat.Low + 0.05, $"{flat.Low} -> {boosted.Low}");
    }
}

public class TestStemsTests
{
    [Fact]
    public void Generated_stems_are_deterministic_and_sound_like_their_kind()
    {
        const int Rate = 44100;
        var a = TestStems.Generate(TestStemKind.Band, 6, 3, Rate, seed: 5);
        var b = TestStems.Generate(TestStemKind.Band, 6, 3, Rate, seed: 5);
        Assert.Equal(a.Select(s => s.Name), b.Select(s => s.Name));
        for (int s = 0; s < a.Count; s++) Assert.Equal(a[s].Channels[0], b[s].Channels[0]);
        double Centroid(TestStemKind kind)
        {
            var stems = TestStems.Generate(kind, 4, 3, Rate, seed: 1);
            var sum = new float[stems[0].Channels[0].Length];
            foreach (var stem in stems) for (int n = 0; n < sum.Length; n++) sum[n] += stem.Channels[0][n];
            return AudioFoh(sum, Rate);
        }
        static double AudioFoh(float[] x, int rate) => AutoFoh.Dsp.Features.AudioFeatures.SpectralCentroidHz(x, 1, rate);
        Assert.True(Centroid(TestStemKind.BassHeavy) < 1000, $"bass-heavy centroid {Centroid(TestStemKind.BassHeavy)}");
        Assert.True(Centroid(TestStemKind.Bright) > 6000, $"bright centroid {Centroid(TestStemKind.Bright)}");
        Assert.InRange(Centroid(TestStemKind.Band), 500, 5000);
        var quiet = TestStems.Generate(TestStemKind.Quiet, 4, 3, Rate, seed: 1);
        Assert.All(quiet, s => Assert.Equal(0.01, s.Channels.Max(c => c.Max(MathF.Abs)), 3));
        var loud = TestStems.Generate(TestStemKind.Loud, 4, 3, Rate, seed: 1);
        Assert.All(loud, s => Assert.True(s.Channels[0].Count(v => MathF.Abs(v) == 1f) > 100, $"{s.Name} is not clipped"));
    }
}

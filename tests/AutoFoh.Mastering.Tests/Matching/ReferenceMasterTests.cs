using AutoFoh.Audio;
using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Matching;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Lab.Mastering.Validation;

namespace AutoFoh.Mastering.Tests.Matching;

public class ReferenceMasterTests
{
    private const int Rate = 44100;

    private static float[] Noise(int frames, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, frames).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.1f).ToArray();
    }

    [Fact]
    public void A_flat_curve_is_a_unit_impulse_at_the_filters_centre()
    {
        var spectrum = Enumerable.Repeat(1.0, 2049).ToArray();
        var eq = MatchingEq.Design(spectrum, spectrum, Rate, 4096, amount: 1);
        var ir = eq.ImpulseResponse();
        int centre = (ir.Length - 1) / 2;
        Assert.Equal(1f, ir[centre], 4);
        Assert.True(ir.Where((_, i) => i != centre).All(v => MathF.Abs(v) < 1e-4f));
        var x = Noise(10000, 1);
        var y = eq.Apply(x);
        for (int n = 0; n < x.Length; n++) Assert.Equal(x[n], y[n], 3);
    }

    [Fact]
    public void The_matching_eq_recovers_a_shelf_that_separates_input_and_reference()
    {
        var input = Noise(Rate * 4, 2);
        var reference = (float[])input.Clone();
        var shelf = new AutoFoh.Dsp.Filters.Biquad(AutoFoh.Dsp.Filters.BiquadCoefficients.HighShelf(3000, Rate, 6));
        shelf.Process(reference);
        var a = LongTermSpectrum.Measure(input, input, Rate);
        var b = LongTermSpectrum.Measure(reference, reference, Rate);
        var full = MatchingEq.Design(a.Mid, b.Mid, Rate, a.FftSize, amount: 1);
        // The curve is relative (its level is the loudness stage's): the shelf is 6 dB between lows and highs.
        Assert.Equal(6, full.ChangeDbAt(10000) - full.ChangeDbAt(200), 0.5);
        Assert.True(full.ChangeDbAt(200) < 0 && full.ChangeDbAt(10000) > 0);
        var half = MatchingEq.Design(a.Mid, b.Mid, Rate, a.FftSize, amount: 0.5);
        Assert.Equal(3, half.ChangeDbAt(10000) - half.ChangeDbAt(200), 0.3);
        // Applied, the input takes on the reference's spectrum (the shelf's gain at 10 kHz).
        var matched = full.Apply(input);
        var c = LongTermSpectrum.Measure(matched, matched, Rate);
        int bin = (int)(10000.0 * a.FftSize / Rate);
        int low = (int)(200.0 * a.FftSize / Rate);
        Assert.Equal(20 * Math.Log10(b.Mid[bin] / b.Mid[low]), 20 * Math.Log10(c.Mid[bin] / c.Mid[low]), 0.7);
    }

    private static (string Input, string Reference) Files(TempFolder folder)
    {
        // The input: a dark, narrow, quiet band mix. The reference: a brighter, wider, louder one.
        var stems = TestStems.Generate(TestStemKind.Band, 6, 8, Rate, seed: 2);
        int frames = stems[0].Channels[0].Length;
        var inL = new float[frames]; var inR = new float[frames];
        var refL = new float[frames]; var refR = new float[frames];
        for (int s = 0; s < stems.Count; s++)
        {
            var ch = stems[s].Channels;
            var (l1, r1) = ConstantPowerPan.Gains(-0.2 + 0.08 * s, ch.Length);
            var (l2, r2) = ConstantPowerPan.Gains(-0.9 + 0.36 * s, ch.Length);
            for (int n = 0; n < frames; n++)
            {
                float x = ch[0][n], y = ch[ch.Length - 1][n];
                inL[n] += (float)(l1 * x) * 0.3f; inR[n] += (float)(r1 * y) * 0.3f;
                refL[n] += (float)(l2 * x); refR[n] += (float)(r2 * y);
            }
        }
        var dark = new AutoFoh.Dsp.Filters.Biquad(AutoFoh.Dsp.Filters.BiquadCoefficients.HighShelf(2000, Rate, -8));
        var darkR = new AutoFoh.Dsp.Filters.Biquad(AutoFoh.Dsp.Filters.BiquadCoefficients.HighShelf(2000, Rate, -8));
        dark.Process(inL); darkR.Process(inR);
        string input = folder.File("in.wav"), reference = folder.File("ref.wav");
        AudioFile.Write(input, new AudioBuffer(Rate, [inL, inR]), WavSampleFormat.Float32);
        AudioFile.Write(reference, new AudioBuffer(Rate, [refL, refR]), WavSampleFormat.Float32);
        return (input, reference);
    }

    [Fact]
    public void Full_amount_matches_the_references_loudness_width_and_tone_under_the_ceiling()
    {
        using var folder = new TempFolder();
        var (input, reference) = Files(folder);
        string output = folder.File("out.wav");
        var report = ReferenceMaster.Run(input, reference, output, amount: 1);
        var written = MixMeter.MeasureFile(output);
        Assert.Equal(report.OutputMeasured, written);
        Assert.Equal(report.ReferenceMeasured.IntegratedLufs, written.IntegratedLufs, 0.2);
        Assert.True(Math.Abs(report.ReferenceMeasured.MsRatio - written.MsRatio) <= 0.03, $"ms {report.InputMeasured.MsRatio} -> {written.MsRatio}, reference {report.ReferenceMeasured.MsRatio}, side gain {report.SideGainDb} dB, limiter {report.LimiterReductionDb} dB, gain {report.GainDb}");
        double before = Math.Abs(report.InputMeasured.SpectralCentroidHz / report.ReferenceMeasured.SpectralCentroidHz - 1);
        double after = Math.Abs(written.SpectralCentroidHz / report.ReferenceMeasured.SpectralCentroidHz - 1);
        Assert.True(after < before / 3, $"centroid off by {before:P0} before, {after:P0} after; eq {string.Join(" ", report.Eq.Select(e => $"{e.FrequencyHz}:{e.MidDb:0.0}/{e.SideDb:0.0}"))}; {report.InputMeasured.SpectralCentroidHz} {report.ReferenceMeasured.SpectralCentroidHz} {written.SpectralCentroidHz}");
        Assert.True(written.TruePeakDbtp <= -1.0, $"true peak {written.TruePeakDbtp}");
        Assert.True(report.Eq.Single(e => e.FrequencyHz == 8000).MidDb > 4, "the dark input's highs were lifted");
        Assert.Equal(AudioFile.ReadAll(input).Frames, AudioFile.ReadAll(output).Frames);
    }

    [Fact]
    public void No_amount_leaves_the_tone_and_width_and_half_goes_half_way_in_loudness()
    {
        using var folder = new TempFolder();
        var (input, reference) = Files(folder);
        var none = ReferenceMaster.Run(input, reference, folder.File("none.wav"), amount: 0);
        Assert.Equal(none.InputMeasured.IntegratedLufs, none.OutputMeasured.IntegratedLufs, 0.1);
        Assert.Equal(none.InputMeasured.SpectralCentroidHz, none.OutputMeasured.SpectralCentroidHz, none.InputMeasured.SpectralCentroidHz * 0.01);
        Assert.Equal(none.InputMeasured.MsRatio, none.OutputMeasured.MsRatio, 0.005);
        var half = ReferenceMaster.Run(input, reference, folder.File("half.wav"), amount: 0.5);
        Assert.Equal((none.InputMeasured.IntegratedLufs + none.ReferenceMeasured.IntegratedLufs) / 2, half.OutputMeasured.IntegratedLufs, 0.2);
    }

    [Fact]
    public void Bad_input_is_refused_before_anything_is_written()
    {
        using var folder = new TempFolder();
        var (input, reference) = Files(folder);
        string output = folder.File("out.wav");
        Assert.Contains("amount 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceMaster.Run(input, reference, output, amount: 1.5)).Message);
        string silent = folder.File("silent.wav");
        AudioFile.Write(silent, new AudioBuffer(Rate, [new float[Rate * 2], new float[Rate * 2]]));
        var error = Assert.Throws<AudioFormatException>(() => ReferenceMaster.Run(silent, reference, output));
        Assert.Contains("silent.wav", error.Message);
        Assert.Throws<DirectoryNotFoundException>(() => ReferenceMaster.Run(input, reference, folder.File("no/such/out.wav")));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.partial"));
    }
}

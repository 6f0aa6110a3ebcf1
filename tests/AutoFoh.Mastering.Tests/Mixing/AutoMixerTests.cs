using AutoFoh.Audio;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Mastering.Styles;
using AutoFoh.Lab.Mastering.Validation;

namespace AutoFoh.Mastering.Tests.Mixing;

public class AutoMixerTests
{
    private const int Rate = 44100;

    private static StyleTargets Targets() => StyleTargets.Load(RepositoryPaths.StyleTargets);

    /// <summary>An untrained predictor: its strips are arbitrary (within their ranges), so the solver alone must meet the targets.</summary>
    private static string UntrainedPredictor(TempFolder folder)
    {
        string path = folder.File("predictor.safetensors");
        new MixPredictor(seed: 7).Save(path);
        return path;
    }

    [Theory]
    [InlineData(TestStemKind.Band, "rock_punk")]
    [InlineData(TestStemKind.BassHeavy, "rnb_ballad")]
    [InlineData(TestStemKind.Bright, "country_pop")]
    public void The_written_file_meets_the_styles_targets_whatever_the_strips(TestStemKind kind, string styleName)
    {
        using var folder = new TempFolder();
        var stems = TestStems.Write(folder.File("stems"), TestStems.Generate(kind, 4, 8, Rate, seed: 4), Rate);
        var style = Targets()[styleName];
        string output = folder.File("mix.wav");
        var outcome = AutoMixer.Run(new MixRequest(stems, style, output, UntrainedPredictor(folder)));
        var written = MixMeter.MeasureFile(output);
        string figures = $"{written.IntegratedLufs:0.00} LUFS, {written.SpectralCentroidHz:0} Hz, ms {written.MsRatio:0.000}, {written.TruePeakDbtp:0.00} dBTP after {outcome.Solver.Passes.Count} passes";
        Assert.True(Math.Abs(written.IntegratedLufs - style.IntegratedLufs) <= 0.2, figures);
        Assert.True(Math.Abs(written.SpectralCentroidHz / style.SpectralCentroidHz - 1) <= 0.05, figures);
        Assert.True(Math.Abs(written.MsRatio - style.MsRatio) <= 0.03, figures);
        Assert.True(written.TruePeakDbtp <= -1.0, figures);
        Assert.True(outcome.WithinTolerance);
        Assert.Equal(written, outcome.Written);
        var file = AudioFile.ReadAll(output);
        Assert.Equal(2, file.Channels);
        Assert.Equal(8 * Rate, file.Frames);
    }

    [Fact]
    public void Re_rendering_the_exported_parameters_gives_the_same_mix()
    {
        using var folder = new TempFolder();
        var stems = TestStems.Write(folder.File("stems"), TestStems.Generate(TestStemKind.Band, 5, 4, Rate, seed: 9), Rate);
        string output = folder.File("mix.wav");
        var outcome = AutoMixer.Run(new MixRequest(stems, Targets()["country_pop"], output, UntrainedPredictor(folder), Format: WavSampleFormat.Float32));
        ParameterFile.Write(folder.File("p.json"), outcome.Parameters);
        var parameters = ParameterFile.Read(folder.File("p.json")).ToMixParameters();
        var arrays = stems.Select(p => AudioFile.ReadAll(p).Data).ToList();
        var again = MixRenderer.Render(arrays, Rate, parameters);
        var written = AudioFile.ReadAll(output);
        double worst = 0;
        for (int c = 0; c < 2; c++)
            for (int n = 0; n < written.Frames; n++) worst = Math.Max(worst, Math.Abs(written[c][n] - again[c][n]));
        // The JSON keeps six decimals of every parameter: the re-render is the mix within −80 dBFS.
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void Silent_and_clipped_stems_are_mixed_with_a_warning_and_all_silent_is_refused()
    {
        using var folder = new TempFolder();
        var loud = TestStems.Write(folder.File("loud"), TestStems.Generate(TestStemKind.Loud, 4, 4, Rate, seed: 1), Rate);
        string silent = folder.File("silent.wav");
        AudioFile.Write(silent, new AudioBuffer(Rate, [new float[Rate * 4]]));
        var style = Targets()["rock_punk"];
        var outcome = AutoMixer.Run(new MixRequest([.. loud, silent], style, folder.File("mix.wav"), UntrainedPredictor(folder)));
        Assert.Contains(outcome.Warnings, w => w.Contains("silent.wav") && w.Contains("silent"));
        Assert.Contains(outcome.Warnings, w => w.Contains(Path.GetFileName(loud[0])) && w.Contains("clipped"));
        Assert.True(outcome.WithinTolerance, $"{outcome.Written}; passes: {string.Join(" | ", outcome.Solver.Passes.Select(p => $"tilt {p.Master.Eq.TiltDb:0.0} lc {p.Master.Eq.LowCutHz:0} hc {p.Master.Eq.HighCutHz:0} g {p.Master.Limiter.InputGainDb:0.0} -> {p.Measured.IntegratedLufs:0.00} {p.Measured.SpectralCentroidHz:0} {p.Measured.MsRatio:0.000}"))}");

        string output = folder.File("nothing.wav");
        var error = Assert.Throws<ArgumentException>(() => AutoMixer.Run(new MixRequest([silent], style, output, UntrainedPredictor(folder))));
        Assert.Contains("every stem is silent", error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.partial"));
    }
}

using AutoFoh.Lab.Mastering.Validation;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Mastering.Solving;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Tests.Mixing;

public class MixServiceTests
{
    private const int Rate = 44100;

    [Fact]
    public void One_run_checks_the_written_file_once_and_exports_by_full_path_or_by_file_name()
    {
        using var folder = new TempFolder();
        var stems = TestStems.Write(folder.File("stems"), TestStems.Generate(TestStemKind.Band, 3, 4, Rate, seed: 2), Rate);
        var style = StyleTargets.Load(RepositoryPaths.StyleTargets)["rock_punk"];
        string predictor = folder.File("predictor.safetensors");
        new MixPredictor(seed: 7).Save(predictor);

        // The CLI's export: PARAMS.json and PARAMS.RPP beside it, every file by full path.
        string cli = folder.File("cli");
        Directory.CreateDirectory(cli);
        var outcome = MixService.Run(new MixRequest(stems, style, Path.Combine(cli, "mix.wav"), predictor), MixExport.Beside(Path.Combine(cli, "PARAMS.json")));
        Assert.Equal(StyleCompliance.Check(outcome.Written, style), outcome.Compliance);
        Assert.Equal(outcome.WithinTolerance, MasterSolver.Score(outcome.Written, style) <= 1);
        Assert.Equal(outcome.WithinTolerance, outcome.Compliance.All(f => f.Ok));
        var exported = ParameterFile.Read(Path.Combine(cli, "PARAMS.json"));
        Assert.Equal(Path.Combine(cli, "mix.wav"), exported.Output);
        Assert.All(exported.Stems, s => Assert.True(Path.IsPathRooted(s.File), s.File));
        Assert.Contains("PARAMS.json", File.ReadAllText(Path.Combine(cli, "PARAMS.RPP")));

        // The web page's downloads: the same files named by file name alone, the project beside them.
        string web = folder.File("web");
        Directory.CreateDirectory(web);
        var export = new MixExport(Path.Combine(web, "PARAMS.json"), Path.Combine(web, "mix.RPP"), ByFileName: true);
        var byName = MixService.Run(new MixRequest(stems, style, Path.Combine(web, "mix.wav"), predictor), export);
        Assert.Equal("mix.wav", byName.Parameters.Output);
        Assert.Equal(stems.Select(Path.GetFileName), byName.Parameters.Stems.Select(s => s.File));
        Assert.Equal(ParameterFile.Serialize(byName.Parameters), File.ReadAllText(Path.Combine(web, "PARAMS.json")));
        Assert.Equal(ReaperProject.Build(byName.Parameters.Stems, Rate, "PARAMS.json", "rock_punk"), File.ReadAllText(Path.Combine(web, "mix.RPP")));
    }
}

using System.CommandLine;
using System.Text.Json.Serialization;
using AutoFoh.Cli.Output;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Coaching;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>`autofoh reference build --stems DIR --out FILE`: learn the band's ideal mix from a reference's stems.</summary>
public static class ReferenceCommand
{
    public static Command Create()
    {
        var stems = new Option<string>("--stems") { Description = "Stems folder of the reference (one audio file per instrument)" };
        var mix = new Option<string>("--mix") { Description = "A reference mix, separated with demucs when it is installed (its stems are written next to --out)" };
        var output = new Option<string>("--out") { Description = "Reference model file to write (.safetensors)", Required = true };
        var predictor = new Option<string?>("--predictor") { Description = "Force 'table' or 'networks' (default: the one with the lower held-out MSE)" };
        predictor.AcceptOnlyFromAmong("table", "networks");
        var seed = new Option<int>("--seed") { Description = "Seed of the band networks' initialisation and training", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the model's summary as JSON" };
        var build = new Command("build", "Learn the reference mix (perceptual dominance per critical band) from a stems folder") { stems, mix, output, predictor, seed, json };
        build.SetAction(parse =>
        {
            var service = SoundcheckService.Default;
            string folder = (parse.GetValue(stems), parse.GetValue(mix)) switch
            {
                (string s, null) => s,
                (null, string m) => service.SeparateMix(m, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(output)!))!, SoundcheckService.MixSeparator)),
                (null, null) => throw new CliException("give the reference as --stems DIR (or --mix FILE with demucs installed)"),
                _ => throw new CliException("--stems and --mix exclude each other"),
            };
            var set = StemLoader.Load(folder);
            var model = service.BuildReference(set, parse.GetValue(seed), parse.GetValue(predictor));
            string path = parse.GetValue(output)!;
            model.Save(path);
            var c = model.Config;
            if (parse.GetValue(json))
                Json.Write(new Summary(path, c.Name, c.Instruments, c.SampleRateHz, c.Frames, c.TestFrames, c.TableTestMse, c.NetworksTestMse, c.Predictor, c.PlayingFraction));
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("", "value");
                table.AddRow("reference", Markup.Escape(c.Name));
                table.AddRow("instruments", Markup.Escape(string.Join(", ", c.Instruments.Select((name, i) => $"{name} (plays {c.PlayingFraction[i]:P0})"))));
                table.AddRow("seconds analysed", $"{c.Frames} ({c.TestFrames} held out)");
                table.AddRow("held-out MSE, table", $"{c.TableTestMse:G4}");
                table.AddRow("held-out MSE, networks", $"{c.NetworksTestMse:G4}");
                table.AddRow("predictor in use", c.Predictor);
                table.AddRow("written to", Markup.Escape(path));
                AnsiConsole.Write(table);
            }
            return ExitCodes.Ok;
        });
        return new Command("reference", "Reference models: the band's ideal mix") { build };
    }

    private sealed record Summary(
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("instruments")] string[] Instruments,
        [property: JsonPropertyName("sample_rate")] int SampleRate,
        [property: JsonPropertyName("frames")] int Frames,
        [property: JsonPropertyName("test_frames")] int TestFrames,
        [property: JsonPropertyName("table_test_mse")] double TableTestMse,
        [property: JsonPropertyName("networks_test_mse")] double NetworksTestMse,
        [property: JsonPropertyName("predictor")] string Predictor,
        [property: JsonPropertyName("playing_fraction")] double[] PlayingFraction);
}

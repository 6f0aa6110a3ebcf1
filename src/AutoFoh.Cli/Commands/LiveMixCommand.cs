using System.CommandLine;
using AutoFoh.Audio;
using AutoFoh.Cli.Output;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Data;
using AutoFoh.LiveMix.Evaluation;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh livemix`: the live automixer's data, mixes and figures (issue 7). The classic mixers (unity,
/// Dugan gain sharing, loudness balancing) run today; the learned ones join with their checkpoints.
/// </summary>
public static class LiveMixCommand
{
    public static Command Create()
    {
        var songs = new Option<string>("--songs") { Description = "A stems folder, or a folder of stems folders (rendered songs with song.json, or real songs)", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the live multitrack folders", Required = true };
        var perSong = new Option<int>("--per-song") { Description = "Live folders made from each song (each its own stage, staging and excerpt)", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each excerpt", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed of stages, stagings and excerpts", DefaultValueFactory = _ => 1 };
        var config = new Option<string>("--balance") { Description = "Target balances per style", DefaultValueFactory = _ => Path.Combine(DemoCommand.RepositoryRoot(), "configs", "livemix_balance.yaml") };
        var dataset = new Command("dataset", "Make live multitrack folders: close microphones with bleed, bad gain staging and noise, and the target mix") { songs, output, perSong, seconds, seed, config };
        dataset.SetAction(parse =>
        {
            string root = parse.GetValue(songs)!;
            if (!Directory.Exists(root)) throw new CliException($"{root}: songs folder not found");
            var folders = AudioFile.InFolder(root).Length >= 2 ? [root] : Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
            if (folders.Length == 0) throw new CliException($"{root}: no stems folders");
            if (parse.GetValue(perSong) < 1) throw new CliException($"--per-song {parse.GetValue(perSong)}: at least 1");
            if (!(parse.GetValue(seconds) >= 1)) throw new CliException($"--seconds {parse.GetValue(seconds)}: at least 1");
            var targets = Load(() => BalanceTargets.Load(parse.GetValue(config)!));
            var written = StderrConsole.WithProgress("making live multitracks", progress =>
                Load(() => LiveDataset.Build(folders, parse.GetValue(output)!, targets, parse.GetValue(perSong), parse.GetValue(seconds), parse.GetValue(seed), progress)));
            foreach (var folder in written) Console.Out.WriteLine(folder);
            return ExitCodes.Ok;
        });

        var data = new Option<string>("--data") { Description = "A live multitrack folder, or a folder of them", Required = true };
        var mixersOption = new Option<string>("--mixers") { Description = $"Comma-separated: {string.Join(", ", LiveEvaluation.MixerNames)}", DefaultValueFactory = _ => string.Join(",", LiveEvaluation.MixerNames) };
        var json = new Option<bool>("--json") { Description = "Print {\"mixers\": [...]} as JSON" };
        var eval = new Command("eval", "Judge the mixers on live multitrack folders: MR-STFT to the target, balance error, gain stability, latency") { data, mixersOption, json };
        eval.SetAction(parse =>
        {
            var folders = Load(() => LiveFolders(parse.GetValue(data)!));
            var names = parse.GetValue(mixersOption)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names) if (!LiveEvaluation.MixerNames.Contains(name)) throw new CliException($"--mixers: '{name}' is not a mixer ({string.Join(", ", LiveEvaluation.MixerNames)})");
            var figures = StderrConsole.WithProgress("mixing", progress => Load(() => LiveEvaluation.Evaluate(folders, names, progress)));
            if (parse.GetValue(json))
            {
                Json.Write(new Dictionary<string, object>
                {
                    ["mixers"] = figures.Select(f => new Dictionary<string, object?>
                    {
                        ["name"] = f.Name, ["mrstft"] = Math.Round(f.Mrstft, 4),
                        ["balance_error_db_median"] = Finite(f.BalanceErrorDbMedian), ["balance_error_db_p90"] = Finite(f.BalanceErrorDbP90),
                        ["gain_change_db_per_s"] = Math.Round(f.GainChangeDbPerSecond, 3), ["latency_ms"] = f.LatencyMs,
                    }).ToArray(),
                });
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("mixer", "MR-STFT", "balance error median", "p90", "gain change", "latency");
                foreach (var f in figures)
                    table.AddRow(f.Name, $"{f.Mrstft:0.000}", $"{f.BalanceErrorDbMedian:0.0} dB", $"{f.BalanceErrorDbP90:0.0} dB", $"{f.GainChangeDbPerSecond:0.00} dB/s", $"{f.LatencyMs:0} ms");
                AnsiConsole.Write(table);
                Console.Out.WriteLine($"{folders.Count} live multitrack folders");
            }
            return ExitCodes.Ok;
        });

        var input = new Option<string>("--in") { Description = "A live multitrack folder", Required = true };
        var mixerName = new Option<string>("--mixer") { Description = string.Join("|", LiveEvaluation.MixerNames), DefaultValueFactory = _ => "dugan" };
        var mixOut = new Option<string>("--out") { Description = "The mix (WAV)", Required = true };
        var render = new Command("render", "Mix a live multitrack folder with one mixer") { input, mixerName, mixOut };
        render.SetAction(parse =>
        {
            var folder = Load(() => LiveFolder.Load(parse.GetValue(input)!));
            string name = parse.GetValue(mixerName)!;
            if (!LiveEvaluation.MixerNames.Contains(name)) throw new CliException($"--mixer {name}: not a mixer ({string.Join(", ", LiveEvaluation.MixerNames)})");
            var result = MixRunner.Run(LiveEvaluation.Create(name, folder), folder.Inputs, folder.SampleRateHz);
            string path = parse.GetValue(mixOut)!, partial = path + ".partial.wav";
            AudioFile.Write(partial, new AudioBuffer(folder.SampleRateHz, [result.Output]));
            File.Move(partial, path, overwrite: true);
            Console.Out.WriteLine($"{path}: {folder.Channels.Length} channels mixed by {name}");
            return ExitCodes.Ok;
        });
        return new Command("livemix", "The live automixer: data, mixes and figures") { dataset, eval, render };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;

    private static List<LiveFolder> LiveFolders(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: folder not found");
        if (Directory.Exists(Path.Combine(root, "inputs"))) return [LiveFolder.Load(root)];
        var folders = Directory.GetDirectories(root).Where(d => Directory.Exists(Path.Combine(d, "inputs"))).Order(StringComparer.Ordinal).Select(LiveFolder.Load).ToList();
        return folders.Count > 0 ? folders : throw new CliException($"{root}: no live multitrack folders (folders with inputs/)");
    }

    /// <summary>Bad data found by the library becomes one line naming the file.</summary>
    private static T Load<T>(Func<T> load)
    {
        try { return load(); }
        catch (InvalidDataException error) { throw new CliException(error.Message); }
    }
}

using System.CommandLine;
using AutoFoh.Audio;
using AutoFoh.Cli.Output;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Data;
using AutoFoh.Lab.LiveMix;
using AutoFoh.LiveMix.Models;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh livemix`: the live automixer's data, mixes and figures. The classic mixers (unity,
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
        var models = new Option<string>("--models") { Description = "Folder of the learned mixers' checkpoints (alm, alm-sr, dmc .safetensors)", DefaultValueFactory = _ => Path.Combine(DemoCommand.RepositoryRoot(), "models") };
        var mixersOption = new Option<string?>("--mixers") { Description = $"Comma-separated: {string.Join(", ", MixerRegistry.Names)} (default: every mixer, the learned ones whose checkpoints exist)" };
        var json = new Option<bool>("--json") { Description = "Print {\"mixers\": [...]} as JSON" };
        var eval = new Command("eval", "Judge the mixers on live multitrack folders: MR-STFT to the target, balance error, gain stability, latency") { data, mixersOption, models, json };
        eval.SetAction(parse =>
        {
            var cache = new MixerRegistry(parse.GetValue(models)!);
            string[] names;
            if (parse.GetValue(mixersOption) is { } list)
            {
                names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var name in names) CheckMixer(name, cache, "--mixers");
            }
            else
            {
                names = MixerRegistry.Names.Where(n => MixerRegistry.ClassicNames.Contains(n) || cache.IsAvailable(n)).ToArray();
                foreach (var missing in MixerRegistry.Names.Except(names)) Console.Error.WriteLine($"note: no {cache.CheckpointFor(missing)}, so {missing} is left out");
                // A checkpoint that is there but damaged is refused, not left out: it would otherwise vanish from the table.
                foreach (var name in names)
                    if (cache.Problem(name) is { } problem) throw new CliException($"{name}: {problem}");
            }
            var folders = Load(() => LiveFolders(parse.GetValue(data)!));
            var figures = StderrConsole.WithProgress("mixing", progress => Load(() => LiveEvaluation.Evaluate(folders, names, cache, progress)));
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
        var mixerName = new Option<string>("--mixer") { Description = string.Join("|", MixerRegistry.Names), DefaultValueFactory = _ => "dugan" };
        var mixOut = new Option<string>("--out") { Description = "The mix (WAV)", Required = true };
        var render = new Command("render", "Mix a live multitrack folder with one mixer") { input, mixerName, models, mixOut };
        render.SetAction(parse =>
        {
            string name = parse.GetValue(mixerName)!;
            var cache = new MixerRegistry(parse.GetValue(models)!);
            CheckMixer(name, cache, "--mixer");
            var folder = Load(() => LiveFolder.Load(parse.GetValue(input)!));
            var result = MixRunner.Run(Load(() => LiveEvaluation.Create(cache, name, folder)), folder.Inputs, folder.SampleRateHz);
            string path = parse.GetValue(mixOut)!, partial = path + ".partial.wav";
            AudioFile.Write(partial, new AudioBuffer(folder.SampleRateHz, [result.Output]));
            File.Move(partial, path, overwrite: true);
            Console.Out.WriteLine($"{path}: {folder.Channels.Length} channels mixed by {name}");
            return ExitCodes.Ok;
        });
        return new Command("livemix", "The live automixer: data, training, mixes and figures") { dataset, Train(), eval, render };
    }

    private static Command Train()
    {
        var data = new Option<string>("--data") { Description = "A folder of live multitrack folders (from `livemix dataset`)", Required = true };
        var model = new Option<string>("--model") { Description = "alm (multi-rate), alm-sr (single-rate) or dmc", DefaultValueFactory = _ => "alm" };
        var output = new Option<string?>("--out") { Description = "Checkpoint (default models/<model>.safetensors); its optimiser state goes beside it (.state)" };
        var steps = new Option<int>("--steps") { Description = "Optimisation steps (one window of one live multitrack each)", DefaultValueFactory = _ => 3000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and of every step's window", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--lr") { Description = "Adam's learning rate (cosine schedule down to a tenth)", DefaultValueFactory = _ => 1e-3 };
        var window = new Option<double>("--window-seconds") { Description = "Length of each training window (alm, alm-sr)", DefaultValueFactory = _ => 6 };
        var every = new Option<int>("--checkpoint-every") { Description = "Save the checkpoint and optimiser state every N steps", DefaultValueFactory = _ => 250 };
        var dim = new Option<int>("--dim") { Description = "Width of the AiLive model's embeddings", DefaultValueFactory = _ => 32 };
        var balance = new Option<double>("--balance-weight") { Description = "Weight of the balance term beside the MR-STFT (simulated folders, whose recipe is known); 0: MR-STFT only", DefaultValueFactory = _ => new AiLiveTrainingOptions().BalanceWeight };
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in --out from its last checkpoint (same result as an uninterrupted run)" };
        var command = new Command("train", "Train a learned automixer with the MR-STFT loss, zero-latency (progress bar, checkpoints, resume)") { data, model, output, steps, seed, rate, window, every, dim, balance, resume };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(model)!;
            if (!LiveModels.LearnedNames.Contains(name)) throw new CliException($"--model {name}: not a learned mixer ({string.Join(", ", LiveModels.LearnedNames)})");
            string root = parse.GetValue(data)!;
            string outPath = parse.GetValue(output) ?? LiveModels.FileFor(Path.Combine(DemoCommand.RepositoryRoot(), "models"), name);
            if (parse.GetValue(resume) && !File.Exists(outPath) && !File.Exists(LiveTraining.PendingFile(outPath))) throw new CliException($"--resume: {outPath} does not exist");
            var paths = LiveFolderPaths(root);
            var run = new LiveTrainingRun
            {
                Model = name, Output = outPath, Data = root, Steps = parse.GetValue(steps), Seed = parse.GetValue(seed), LearningRate = parse.GetValue(rate),
                WindowSeconds = parse.GetValue(window), CheckpointEvery = parse.GetValue(every), Resume = parse.GetValue(resume), Dim = parse.GetValue(dim), BalanceWeight = parse.GetValue(balance),
                Command = "./autofoh " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Where(a => a != "--resume")),
            };
            // A checkpoint and a state that do not go together are refused before the data is read.
            if (run.Resume) LiveTraining.CheckResume(run);
            // One folder at a time per core, kept only as training data (the dry stems become 5 ms energies).
            var songs = StderrConsole.WithProgress("reading live multitracks at 16 kHz", progress =>
            {
                var result = new TrainingSong[paths.Count];
                int done = 0;
                Parallel.For(0, paths.Count, i => { result[i] = Load(() => TrainingSong.From(LiveFolder.Load(paths[i]))); progress.Report(Interlocked.Increment(ref done) / (double)paths.Count); });
                return result;
            });
            LiveTrainingReport report;
            try { report = StderrConsole.WithStatusProgress($"training {name}", progress => LiveTraining.Run(run, songs, progress)); }
            catch (ArgumentException error) { throw new CliException(error.Message); }
            catch (Neural.CheckpointException error) { throw new CliException(error.Message); }
            Console.Out.WriteLine($"{outPath}: {name} trained to step {report.FirstStep + report.Steps} on {songs.Length} live multitracks " +
                $"(loss {report.FirstLoss:0.000} -> {report.FinalLoss:0.000}, {report.Seconds:0} s, {report.AudioSecondsPerSecond:0.0} s of audio per second)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void CheckMixer(string name, MixerRegistry cache, string option)
    {
        if (cache.Problem(name) is { } problem) throw new CliException($"{option} {name}: {problem}");
    }

    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;

    private static List<LiveFolder> LiveFolders(string root) => LiveFolderPaths(root).Select(LiveFolder.Load).ToList();

    private static List<string> LiveFolderPaths(string root)
    {
        if (!Directory.Exists(root)) throw new CliException($"{root}: folder not found");
        if (Directory.Exists(Path.Combine(root, "inputs"))) return [root];
        var folders = Directory.GetDirectories(root).Where(d => Directory.Exists(Path.Combine(d, "inputs"))).Order(StringComparer.Ordinal).ToList();
        return folders.Count > 0 ? folders : throw new CliException($"{root}: no live multitrack folders (folders with inputs/)");
    }

    /// <summary>Bad data found by the library becomes one line naming the file.</summary>
    private static T Load<T>(Func<T> load)
    {
        try { return load(); }
        catch (InvalidDataException error) { throw new CliException(error.Message); }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using AutoFoh.Cli.Output;
using AutoFoh.Soundcheck;
using AutoFoh.Lab.Gym;
using AutoFoh.Soundcheck.Separation;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh gym`: seed 000's simulation (section 7.1). For every song, one instrument's gain is messed
/// up and each policy tries to fix it in 30 steps; reports the figures per policy, writes a CSV of every
/// episode and an SVG of the gain trajectories.
/// </summary>
public static class GymCommand
{
    private static readonly string[] PolicyNames = ["threshold", "magnitude", "random", "stay", "dqn"];
    private static readonly string[] RoomMethods = ["oracle", "nmf", "exemplar", "ltas", "tracking", "recheck", "coach"];

    public static Command Create()
    {
        var songs = new Option<string>("--songs") { Description = "A stems folder, or a folder of stems folders (one per song)", Required = true };
        var instrument = new Option<string>("--instrument") { Description = "The instrument whose gain is wrong", DefaultValueFactory = _ => "guitar" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per song and policy", DefaultValueFactory = _ => 200 };
        var policy = new Option<string>("--policy") { Description = "threshold, magnitude, random, stay, dqn, or all", DefaultValueFactory = _ => "all" };
        var dqnEpisodes = new Option<int>("--dqn-episodes") { Description = "Training episodes of the DQN policy (trained in the gym first, seed --seed)", DefaultValueFactory = _ => 100 };
        policy.AcceptOnlyFromAmong([.. PolicyNames, "all"]);
        var condition = new Option<string>("--condition") { Description = "ideal: stems mixed directly, as seed 000; room: through a random bar to a laptop microphone, separated with line checks", DefaultValueFactory = _ => "ideal" };
        condition.AcceptOnlyFromAmong("ideal", "room");
        var separator = new Option<string>("--separator") { Description = "room condition: oracle (true room stems); nmf, exemplar, ltas (masks); tracking (line-check levels); recheck (solo takes every step); coach (self-test picks tracking or recheck)", DefaultValueFactory = _ => "coach" };
        separator.AcceptOnlyFromAmong(RoomMethods);
        var lineCheckLevel = new Option<string>("--line-check-level") { Description = "room condition: initial (the line check is played with the episode's wrong gain) or reference", DefaultValueFactory = _ => "initial" };
        lineCheckLevel.AcceptOnlyFromAmong("initial", "reference");
        var seed = new Option<int>("--seed") { Description = "Seed of sections, initial errors and random policies", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for gym_episodes.csv and gym_trajectories.svg", DefaultValueFactory = _ => "artifacts/gym" };
        var json = new Option<bool>("--json") { Description = "Print {\"policies\": [...]} as JSON" };
        var command = new Command("gym", "Simulated soundchecks: how well each policy brings a wrong gain back") { songs, instrument, episodes, policy, dqnEpisodes, condition, separator, lineCheckLevel, seed, output, json };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(episodes);
            if (count < 1) throw new CliException($"--episodes {count}: at least one episode is needed");
            string target = parse.GetValue(instrument)!;
            var folders = SongFolders(parse.GetValue(songs)!);
            bool room = parse.GetValue(condition) == "room";
            var loaded = StderrConsole.WithProgress("analysing songs", progress =>
            {
                var list = new List<(StemSet Stems, GymSong Song)>();
                for (int i = 0; i < folders.Count; i++)
                {
                    var stems = StemLoader.Load(folders[i]);
                    list.Add((room ? stems : null!, GymSong.Prepare(stems, target)));
                    progress.Report((i + 1) / (double)folders.Count);
                }
                return list;
            });
            var prepared = loaded.Select(l => l.Song).ToList();
            string chosen = parse.GetValue(policy)!;
            if (room && chosen == "dqn") throw new CliException("--policy dqn: the DQN is trained in the ideal condition only; use --condition ideal");
            var policies = PolicyNames.Where(p => (chosen == "all" && !(room && p == "dqn")) || p == chosen)
                .Select(p =>
                {
                    if (p != "dqn") return (Func<ISoundcheckPolicy>)(() => Make(p));
                    var trained = StderrConsole.WithProgress("training dqn", progress => DqnPolicy.Train(prepared,
                        options: new DqnPolicy.TrainingOptions(Episodes: parse.GetValue(dqnEpisodes), Seed: parse.GetValue(seed) + 1000), progress: progress));
                    return () => trained;
                })
                .ToArray();
            var names = PolicyNames.Where(p => (chosen == "all" && !(room && p == "dqn")) || p == chosen).ToArray();
            List<EpisodeResult> results;
            if (room)
            {
                string method = parse.GetValue(separator)!;
                var listening = method switch { "tracking" => RoomListening.Tracking, "recheck" => RoomListening.Recheck, "coach" => RoomListening.Coach, _ => RoomListening.Separate };
                var roomOptions = new RoomConditionOptions
                {
                    SeparatorName = method,
                    Listening = listening,
                    Separator = listening != RoomListening.Separate || method == "oracle" ? null : (instruments, takes, rate, window) => SeparatorCatalog.Create(method, instruments, takes, rate, window),
                    LineCheckAtInitialLevel = parse.GetValue(lineCheckLevel) == "initial",
                };
                var environments = loaded.Select(l => (Func<ISoundcheckEnvironment>)(() => new RoomSoundcheckEnvironment(l.Song, l.Stems, room: roomOptions))).ToArray();
                results = StderrConsole.WithProgress("running episodes", progress => GymRunner.Run(environments, policies, count, parse.GetValue(seed), progress));
            }
            else results = StderrConsole.WithProgress("running episodes", progress => GymRunner.Run(prepared, policies, count, parse.GetValue(seed), progress: progress));
            var summaries = names.Select(p => PolicySummary.Of(p, results.Where(r => r.Policy == p).ToList())).ToList();
            string folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            WriteCsv(Path.Combine(folder, "gym_episodes.csv"), results);
            WritePlot(Path.Combine(folder, "gym_trajectories.svg"), results, target);
            if (parse.GetValue(json)) Json.Write(new { policies = summaries.Select(JsonSummary.From) });
            else PrintTable(summaries, folder);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ISoundcheckPolicy Make(string name) => name switch
    {
        "threshold" => new ThresholdPolicy(),
        "magnitude" => new MagnitudePolicy(),
        "random" => new RandomWalkPolicy(),
        _ => new StayPolicy(),
    };

    private static List<string> SongFolders(string path)
    {
        if (!Directory.Exists(path)) throw new CliException($"{path}: songs folder not found");
        var children = Directory.GetDirectories(path).Order(StringComparer.Ordinal).Where(d => Directory.GetFiles(d).Length > 0).ToList();
        return children.Count > 0 ? children : [path];
    }

    private static void WriteCsv(string path, List<EpisodeResult> results)
    {
        var csv = new StringBuilder("song,policy,episode,section_start_s,initial_error_db,final_error_db,total_reward,steps_to_within_3db,flag");
        int steps = results.Count == 0 ? 0 : results[0].ErrorAfterStepDb.Length;
        for (int k = 1; k <= steps; k++) csv.Append(CultureInfo.InvariantCulture, $",error_after_step_{k}_db");
        csv.AppendLine();
        foreach (var r in results)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Song},{r.Policy},{r.Episode},{r.SectionStartSeconds},{r.InitialErrorDb:F2},{r.FinalErrorDb:F2},{r.TotalReward:F3},{(r.StepsToWithin(3) is int s ? s.ToString(CultureInfo.InvariantCulture) : "")},{r.Flag}");
            foreach (var e in r.ErrorAfterStepDb) csv.Append(CultureInfo.InvariantCulture, $",{e:F2}");
            csv.AppendLine();
        }
        File.WriteAllText(path + ".tmp", csv.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static void WritePlot(string path, IReadOnlyList<EpisodeResult> results, string instrument)
    {
        var plot = new SvgLinePlot { Title = $"Gym: {instrument} gain error over the steps of each episode", XLabel = "step", YLabel = "gain error (dB)", YRange = (-65, 65) };
        plot.AddBand(-3, 3, "#8f8");
        var colours = new Dictionary<string, string> { ["threshold"] = "#1f77b4", ["magnitude"] = "#d62728", ["random"] = "#7f7f7f", ["stay"] = "#bcbd22", ["dqn"] = "#9467bd" };
        foreach (var group in results.GroupBy(r => r.Policy))
            foreach (var r in group.Take(30))
            {
                var points = new List<(double, double)> { (0, r.InitialErrorDb) };
                points.AddRange(r.ErrorAfterStepDb.Select((e, k) => ((double)(k + 1), e)));
                plot.AddSeries($"{r.Policy} {r.Song} #{r.Episode}", colours.GetValueOrDefault(r.Policy, "#000"), points, 0.35, legend: r.Policy);
            }
        plot.Save(path);
    }

    private static void PrintTable(IEnumerable<PolicySummary> summaries, string folder)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("policy", "episodes", "mean reward", "final |error| median", "p90", "within 3 dB", "within 12 dB", "median steps to 3 dB");
        foreach (var s in summaries)
            table.AddRow(s.Name, $"{s.Episodes}", $"{s.MeanReward:F1}", $"{s.FinalAbsDbMedian:F1} dB", $"{s.FinalAbsDbP90:F1} dB", $"{s.Within3Db:P0}", $"{s.Within12Db:P0}",
                s.MedianStepsToWithin3Db is double m ? $"{m:0.#}" : "never");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]episodes: {Markup.Escape(Path.Combine(folder, "gym_episodes.csv"))}, plot: {Markup.Escape(Path.Combine(folder, "gym_trajectories.svg"))}[/]");
    }

    private sealed record JsonSummary(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("episodes")] int Episodes,
        [property: JsonPropertyName("mean_reward")] double MeanReward,
        [property: JsonPropertyName("final_abs_db_median")] double FinalAbsDbMedian,
        [property: JsonPropertyName("final_abs_db_p90")] double FinalAbsDbP90,
        [property: JsonPropertyName("within_3db")] double Within3Db,
        [property: JsonPropertyName("within_6db")] double Within6Db,
        [property: JsonPropertyName("within_12db")] double Within12Db,
        [property: JsonPropertyName("median_steps_to_within_3db")] double? MedianStepsToWithin3Db,
        [property: JsonPropertyName("flagged"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Flagged,
        [property: JsonPropertyName("within_3db_when_trackable"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Within3DbWhenTrackable)
    {
        public static JsonSummary From(PolicySummary s) =>
            new(s.Name, s.Episodes, s.MeanReward, s.FinalAbsDbMedian, s.FinalAbsDbP90, s.Within3Db, s.Within6Db, s.Within12Db, s.MedianStepsToWithin3Db, s.Flagged, s.Within3DbWhenTrackable);
    }
}

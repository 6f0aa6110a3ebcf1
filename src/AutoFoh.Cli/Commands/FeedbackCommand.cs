using System.CommandLine;
using System.Globalization;
using AutoFoh.Cli.Output;
using AutoFoh.Dsp.Feedback;
using AutoFoh.Lab.Feedback;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh feedback`: the feedback guard's lab. `scan` runs it over music with no feedback (every action is a false
/// alarm); `trials` closes acoustic loops in simulated rooms and grows tones under music, and measures how fast the
/// guard notches the howl and how far the howl rose first; `adversarial` renders the music made to fool it.
/// </summary>
public static class FeedbackCommand
{
    public static Command Create()
    {
        var command = new Command("feedback", "The feedback guard's lab: false alarms on music, closed loops and growing tones");
        command.Subcommands.Add(Scan());
        command.Subcommands.Add(Trials());
        command.Subcommands.Add(Adversarial());
        return command;
    }

    private static Option<string[]> SetOption() => new("--set")
    {
        Description = "Tuning: a detector or guard setting, Name=Value (e.g. PnprDb=18); repeatable",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The detector's and the guard's settings with the --set overrides (by property name).</summary>
    private static (HowlDetectorSettings Detector, FeedbackGuardSettings Guard) Settings(string[]? overrides)
    {
        var detector = new HowlDetectorSettings();
        var guard = new FeedbackGuardSettings();
        foreach (string pair in overrides ?? [])
        {
            int eq = pair.IndexOf('=');
            string name = eq > 0 ? pair[..eq] : pair;
            object target = typeof(HowlDetectorSettings).GetProperty(name) is not null ? detector
                : typeof(FeedbackGuardSettings).GetProperty(name) is not null ? guard
                : throw new CliException($"--set {pair}: no detector or guard setting is called '{name}'");
            var property = target.GetType().GetProperty(name)!;
            try { property.SetValue(target, Convert.ChangeType(pair[(eq + 1)..], property.PropertyType, CultureInfo.InvariantCulture)); }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException || eq < 0)
            {
                throw new CliException($"--set {pair}: '{name}' takes a {property.PropertyType.Name}");
            }
        }
        return (detector, guard);
    }

    private static Command Scan()
    {
        var paths = new Argument<string[]>("paths") { Description = "Live folders, folders of them, audio files or folders of audio files", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print {\"sources\": [...]} as JSON" };
        var set = SetOption();
        var command = new Command("scan", "The feedback guard over music with no feedback: every action it takes is a false alarm") { paths, json, set };
        command.SetAction(parse =>
        {
            var (detector, guard) = Settings(parse.GetValue(set));
            var sources = new List<FalseAlarmSource>();
            foreach (string path in parse.GetValue(paths)!)
            {
                try { sources.Add(StderrConsole.WithProgress($"scanning {path}", progress => FalseAlarmScan.Run(path, detector, guard, progress))); }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException) { throw new CliException(e.Message); }
            }
            if (parse.GetValue(json))
            {
                Json.Write(new { sources = sources.Select(s => new { source = s.Source, files = s.Files, minutes = s.Minutes, channel_minutes = s.ChannelMinutes, events = s.Alarms }) });
                return 0;
            }
            foreach (var s in sources)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Source}: {s.Minutes:0.0} min of music ({s.ChannelMinutes:0.0} channel-min, {s.Files} files): {s.Alarms.Count} events"));
                foreach (var a in s.Alarms.Where(a => a.Action == FeedbackAction.Notch).Take(40))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {a.File} at {a.TimeSeconds:0.00} s: {a.Action} {a.FrequencyHz:0} Hz {a.DepthDb:0} dB: {a.Reason}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"total: {sources.Sum(s => s.Minutes):0.0} min, {sources.Sum(s => s.Alarms.Count)} events, {sources.Sum(s => s.Alarms.Count(a => a.Action == FeedbackAction.Notch))} notches"));
            return 0;
        });
        return command;
    }

    private static Command Trials()
    {
        var songs = new Option<string>("--songs") { Description = "A folder of stems folders (the music under the feedback)", Required = true };
        var count = new Option<int>("--count") { Description = "Trials of each kind", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of rooms, positions, frequencies, ramps and music", DefaultValueFactory = _ => 1 };
        var kind = new Option<string>("--kind") { Description = "loop, tone or both", DefaultValueFactory = _ => "both" };
        kind.AcceptOnlyFromAmong("loop", "tone", "both");
        var channel = new Option<string>("--channel") { Description = "engine (the live engine, one channel, unity mixer) or guard (the guard and biquads alone, for quick tuning)", DefaultValueFactory = _ => "engine" };
        channel.AcceptOnlyFromAmong("engine", "guard");
        var json = new Option<bool>("--json") { Description = "Print {\"summary\": [...], \"trials\": [...]} as JSON" };
        var trace = new Option<int?>("--trace") { Description = "guard: print the detector's tracks near the howl, frame by frame, for this trial index" };
        var from = new Option<int>("--from") { Description = "First trial index", DefaultValueFactory = _ => 0 };
        var set = SetOption();
        var command = new Command("trials", "Closed acoustic loops in simulated rooms and tones growing under music: how fast the guard notches them") { songs, count, seed, kind, channel, json, trace, from, set };
        command.SetAction(parse =>
        {
            var (detector, guard) = Settings(parse.GetValue(set));
            string root = parse.GetValue(songs)!;
            if (!Directory.Exists(root)) throw new CliException($"--songs {root}: no such folder");
            var folders = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
            if (folders.Length == 0) throw new CliException($"--songs {root}: no stems folders in it");
            int n = parse.GetValue(count), s = parse.GetValue(seed);
            if (n < 1) throw new CliException($"--count {n}: at least one trial");
            bool engine = parse.GetValue(channel) == "engine";
            if (engine && parse.GetValue(set) is { Length: > 0 }) throw new CliException("--set tunes --channel guard (the engine runs the shipped settings)");
            Func<int, IChannelUnderTest> make = engine ? rate => new EngineChannel(rate) : rate => new GuardedChannel(rate, detector, guard);
            int? traced = parse.GetValue(trace);
            int first = parse.GetValue(from);
            var trials = new FeedbackTrials(folders, make) { Watch = traced is not null };
            string which = parse.GetValue(kind)!;
            var results = StderrConsole.WithProgress("feedback trials", progress =>
            {
                var list = new List<FeedbackTrialResult>();
                int total = which == "both" ? 2 * n : n, done = 0;
                for (int i = first; i < first + n; i++)
                {
                    if (traced is { } t && t != i) continue;
                    if (which != "tone") { list.Add(trials.Loop(s, i)); progress.Report(++done / (double)total); Dump(trials); }
                    if (which != "loop") { list.Add(trials.Tone(s, i)); progress.Report(++done / (double)total); Dump(trials); }
                }
                return list;
            });
            var summary = results.GroupBy(r => r.Kind).Select(g => FeedbackTrialSummary.Of(g.Key, g.ToList())).ToList();
            if (parse.GetValue(json))
            {
                Json.Write(new { summary, trials = results });
                return 0;
            }
            foreach (var r in results.Where(r => !r.Caught()))
            {
                string actions = string.Join("; ", r.Events.Take(8).Select(e => FormattableString.Invariant($"{e.TimeS:0.00} {e.Action} {e.FrequencyHz:0} {e.DepthDb:0}")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"missed {r.Kind} {r.Index}: {r.FrequencyHz:0} Hz, {r.GrowthDbPerSecond:0.0} dB/s, {r.Music}, notch {(r.DetectionMs is { } d ? $"{d:0} ms" : "never")}, rise {r.RiseDb:0.0} dB, start {r.StartSeconds:0.00} s, +3 dB at {r.EmergedSeconds:0.00} s: {actions}"));
            }
            foreach (var x in summary)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{x.Kind}: {x.Caught}/{x.Trials} caught ({100.0 * x.Caught / x.Trials:0}%): notched in {x.DetectionMedianMs:0} ms median, {x.DetectionP95Ms:0} ms p95; rise {x.RiseMedianDb:0.0} dB median, {x.RiseP95Db:0.0} dB p95"));
            return 0;
        });
        return command;
    }

    private static void Dump(FeedbackTrials trials)
    {
        if (trials.Last is GuardedChannel { WatchHz: not null } g) foreach (string line in g.Trace) Console.WriteLine(line);
    }

    private static Command Adversarial()
    {
        var output = new Option<string>("--out") { Description = "Folder for the rendered pieces", Required = true };
        var command = new Command("adversarial", "Render music made to look like feedback (organ crescendos, pads with vibrato, sustained guitar, flute lines)") { output };
        command.SetAction(parse =>
        {
            foreach (string file in AdversarialMusic.Ensure(parse.GetValue(output)!)) Console.WriteLine(file);
            return 0;
        });
        return command;
    }
}

/// <summary>A kind of trial summed up: caught within 250 ms and under +6 dB; detection and rise, median and 95th percentile.</summary>
public sealed record FeedbackTrialSummary(string Kind, int Trials, int Caught, int Notched, double DetectionMedianMs, double DetectionP95Ms, double RiseMedianDb, double RiseP95Db)
{
    public static FeedbackTrialSummary Of(string kind, IReadOnlyList<FeedbackTrialResult> results)
    {
        // A trial never notched counts as an infinitely late detection.
        var detection = results.Select(r => r.DetectionMs ?? double.PositiveInfinity).Order().ToArray();
        var rise = results.Select(r => r.RiseDb).Order().ToArray();
        return new FeedbackTrialSummary(kind, results.Count, results.Count(r => r.Caught()), results.Count(r => r.NotchSeconds is not null),
            Percentile(detection, 0.5), Percentile(detection, 0.95), Percentile(rise, 0.5), Percentile(rise, 0.95));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

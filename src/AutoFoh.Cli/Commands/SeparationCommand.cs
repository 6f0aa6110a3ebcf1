using System.CommandLine;
using System.Text.Json.Serialization;
using AutoFoh.Cli.Output;
using AutoFoh.Soundcheck;
using AutoFoh.Lab.Gym;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh separation`: the separation table of docs/results.md. For each song and random bar, a line check and
/// 20 s of the band at the laptop (the target 6 dB above its line-check level); per method the dominance
/// error against the room-rendered true stems, SI-SDR of the time-domain baseline and of the raw
/// microphone, and the trackers' level error.
/// </summary>
public static class SeparationCommand
{
    public static Command Create()
    {
        var songs = new Option<string>("--songs") { Description = "A stems folder, or a folder of stems folders", Required = true };
        var instrument = new Option<string>("--instrument") { Description = "The instrument whose level the trackers follow", DefaultValueFactory = _ => "guitar" };
        var rooms = new Option<int>("--rooms") { Description = "Random bars per song", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Rooms, positions, passages and noise", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print {\"methods\": [...]} as JSON" };
        var command = new Command("separation", "Measure the line-check separators and trackers in simulated bars") { songs, instrument, rooms, seed, json };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(rooms);
            if (count < 1) throw new CliException($"--rooms {count}: at least one room is needed");
            string path = parse.GetValue(songs)!;
            if (!Directory.Exists(path)) throw new CliException($"{path}: songs folder not found");
            var children = Directory.GetDirectories(path).Order(StringComparer.Ordinal).Where(d => Directory.GetFiles(d).Length > 0).ToList();
            var sets = (children.Count > 0 ? children : [path]).Select(folder => StemLoader.Load(folder)).ToList();
            var figures = StderrConsole.WithProgress("separating", progress => SeparationEvaluation.Run(sets, parse.GetValue(instrument)!, count, parse.GetValue(seed), progress));
            if (parse.GetValue(json))
                Json.Write(new { methods = figures.Select(f => new Row(f.Method, f.DominanceError, f.SiSdrDb, f.LevelErrorDb, f.Seconds)) });
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("method", "dominance error", "SI-SDR per instrument", "target level error", "seconds");
                foreach (var f in figures)
                    table.AddRow(f.Method, f.DominanceError is double d ? $"{d:F3}" : "-",
                        f.SiSdrDb is { } sdr ? Markup.Escape(string.Join(", ", sdr.Select(kv => $"{kv.Key} {kv.Value:F1} dB"))) : "-",
                        f.LevelErrorDb is double l ? $"{l:F1} dB" : "-", $"{f.Seconds}");
                AnsiConsole.Write(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Row(
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("dominance_error")] double? DominanceError,
        [property: JsonPropertyName("si_sdr_db")] IReadOnlyDictionary<string, double>? SiSdrDb,
        [property: JsonPropertyName("level_error_db")] double? LevelErrorDb,
        [property: JsonPropertyName("seconds")] int Seconds);
}

using System.CommandLine;
using System.Diagnostics;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh demo`: the newcomer's first command. Fetches the real songs (Debian's
/// fretsonfire-songs-muldjord, CC BY-SA 3.0) into the cache if needed and analyzes one of them:
/// the guitar alone, the rest of the band, and the two summed as the audience would hear them.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var song = new Option<string>("--song")
        {
            Description = "Which Muldjord song to analyze",
            DefaultValueFactory = _ => "armygeddon",
        };
        song.AcceptOnlyFromAmong("armygeddon", "chaos_god", "internal_degeneration", "mutilated_mime");
        var command = new Command("demo", "Fetch a real song (guitar + rest of band) and analyze its loudness and tone") { song };
        command.SetAction(parse => Run(parse.GetValue(song)!, parse.GetValue(CliApp.Verbose)));
        return command;
    }

    private static int Run(string song, bool verbose)
    {
        string root = RepositoryRoot();
        string folder = Path.Combine(root, ".cache", "songs", "usr", "share", "games", "fretsonfire", "data", "songs", "muldjord", song);
        if (!File.Exists(Path.Combine(folder, "guitar.ogg")))
        {
            Console.Error.WriteLine("demo: fetching the real songs (fretsonfire-songs-muldjord)...");
            var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "install-deps.sh")]))!;
            install.WaitForExit();
            if (install.ExitCode != 0 || !File.Exists(Path.Combine(folder, "guitar.ogg")))
                throw new CliException($"{folder}: the song could not be fetched (scripts/install-deps.sh exited {install.ExitCode})");
        }
        string guitar = Path.Combine(folder, "guitar.ogg"), band = Path.Combine(folder, "song.ogg");
        Console.WriteLine($"Muldjord, \"{song}\": the guitar alone, the rest of the band, and both together.");
        int separate = AnalyzeCommand.Run([guitar, band], json: false, sum: false, verbose);
        int together = AnalyzeCommand.Run([guitar, band], json: false, sum: true, verbose);
        return Math.Max(separate, together);
    }

    private static string RepositoryRoot()
    {
        var env = Environment.GetEnvironmentVariable("AUTOFOH_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new CliException("cannot find the AutoFOH folder: run this through ./autofoh");
    }
}

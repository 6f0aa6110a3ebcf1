using System.CommandLine;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh demo`: the newcomer's first command. Renders an example band once (a rock song written by
/// the project, one FluidSynth stem per instrument), learns its reference, records a line check and a
/// laptop microphone with the guitar 12 dB too loud in a simulated bar, and serves the soundcheck web
/// app ready with them. Everything lands in .cache/demo and is reused on the next run.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port of the web app", DefaultValueFactory = _ => 5180 };
        var lan = new Option<bool>("--lan") { Description = "Also listen on the local network (phones)" };
        var prepareOnly = new Option<bool>("--prepare-only") { Description = "Make the example and stop (no server)" };
        var command = new Command("demo", "Serve the soundcheck web app with an example band (rendered once into .cache/demo)") { port, lan, prepareOnly };
        command.SetAction(parse => Run(parse.GetValue(port), parse.GetValue(lan), parse.GetValue(prepareOnly)));
        return command;
    }

    private static int Run(int port, bool lan, bool prepareOnly)
    {
        string root = RepositoryRoot();
        string demo = Path.Combine(root, ".cache", "demo");
        string reference = Path.Combine(demo, "reference.safetensors"), lineCheck = Path.Combine(demo, "line-check"), mic = Path.Combine(demo, "mic.wav");
        if (!File.Exists(reference) || !File.Exists(mic))
        {
            Console.Error.WriteLine("demo: making the example band (once, about a minute): a rock song, its reference, a line check in a simulated bar...");
            if (!File.Exists("/usr/share/sounds/sf2/FluidR3_GM.sf2") || !OnPath("fluidsynth") || !OnPath("ffmpeg"))
            {
                Console.Error.WriteLine("demo: installing FluidSynth, its soundfont and ffmpeg (scripts/install-deps.sh)...");
                var install = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(root, "scripts", "install-deps.sh")]))!;
                install.WaitForExit();
                if (install.ExitCode != 0) throw new CliException($"demo: scripts/install-deps.sh exited {install.ExitCode}; the example band needs fluidsynth, fluid-soundfont-gm and ffmpeg");
            }
            string songs = Path.Combine(demo, "songs");
            Step("songs", "render", "--count", "1", "--seconds", "60", "--seed", "1", "--out", songs);
            string stems = Directory.GetDirectories(songs).Order(StringComparer.Ordinal).First();
            Step("reference", "build", "--stems", stems, "--out", reference + ".partial", "--predictor", "table");
            File.Move(reference + ".partial", reference, overwrite: true);
            Step("simulate", "--stems", stems, "--out", demo, "--passage-s", "30", "--section-s", "5", "--seconds", "40", "--gain", "guitar=12", "--seed", "3");
        }
        if (prepareOnly) { Console.WriteLine($"demo: reference {reference}, line check {lineCheck}, microphone {mic}"); return ExitCodes.Ok; }
        return ServeCommand.Run(port, lan, reference, lineCheck,
            $"Example band ready. Open http://127.0.0.1:{port}/soundcheck and press Start, then play {mic} near the laptop " +
            $"(the band with the guitar 12 dB too loud): /musician/guitar shows the arrow.");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));

    private static void Step(params string[] args)
    {
        int code = CliApp.Run(args);
        if (code != 0) throw new CliException($"demo: `autofoh {string.Join(' ', args)}` failed (exit {code})");
    }

    internal static string RepositoryRoot()
    {
        var env = Environment.GetEnvironmentVariable("AUTOFOH_ROOT");
        if (!string.IsNullOrEmpty(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new CliException("cannot find the AutoFOH folder: run this through ./autofoh");
    }
}

using System.CommandLine;
using System.Globalization;
using AutoFoh.Audio;
using AutoFoh.Cli.Output;
using AutoFoh.Dsp.Processing;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Data;
using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;
using AutoFoh.Web;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh live`: the automixer on a real audio server (<see cref="JackHost"/>) or on files
/// (<see cref="FileBackend"/>), through the same engine: zero added latency, the model on a worker thread,
/// safety on by default. With --serve the web app shows a strip per channel at /live and takes the engineer's
/// mute, lock and priority; with files, --realtime plays them at a sound card's pace (a live engine, not an
/// offline one) so the page can be watched. The command parses options, hosts the page and writes the file.
/// </summary>
public static class LiveCommand
{
    public static Command Create()
    {
        var backend = new Option<string>("--backend") { Description = "jack (a running JACK server) or files (--in DIR --out FILE, faster than real time)", DefaultValueFactory = _ => "jack" };
        var inputs = new Option<int>("--inputs") { Description = "Input channels (jack); files: the folder's channels", DefaultValueFactory = _ => 8 };
        var mixer = new Option<string>("--mixer") { Description = string.Join("|", MixerRegistry.Names), DefaultValueFactory = _ => "dugan" };
        var models = new Option<string>("--models") { Description = "Folder of the learned mixers' checkpoints", DefaultValueFactory = _ => Path.Combine(DemoCommand.RepositoryRoot(), "models") };
        var connect = new Option<string?>("--connect") { Description = "Connect the inputs, in order, to the output ports matching this regular expression (e.g. 'system:capture_.*')" };
        var playback = new Option<string?>("--playback") { Description = "Connect the mix to the input ports matching this regular expression (default: the physical playback ports)" };
        var server = new Option<string?>("--server") { Description = "JACK server name (default: JACK_DEFAULT_SERVER or 'default')" };
        var seconds = new Option<double?>("--seconds") { Description = "Stop after this long (jack; default: until Ctrl+C)" };
        var input = new Option<string?>("--in") { Description = "files: a live multitrack folder (inputs/*.wav)" };
        var output = new Option<string?>("--out") { Description = "files: the mix (WAV, stereo)" };
        var noSafety = new Option<bool>("--no-safety") { Description = "Switch off the boost cap, slew limit, feedback detector and fallback (not for a stage; the input guard, DC blocker and output ceiling stay)" };
        var ceiling = new Option<double>("--ceiling-dbfs") { Description = "No output sample above this (dBFS, -60..0; a limiter without look-ahead, zero added latency)", DefaultValueFactory = _ => OutputCeiling.DefaultCeilingDbfs };
        var json = new Option<bool>("--json") { Description = "When done, print one JSON object on stdout (feedback events, fallbacks, output peak and DC) and nothing else there" };
        var serve = new Option<bool>("--serve") { Description = "Serve the live mix's page (/live: a strip per channel with its level, gain, status, mute, lock and priority)" };
        var port = new Option<int>("--port") { Description = "TCP port of the page (with --serve)", DefaultValueFactory = _ => 5180 };
        var lan = new Option<bool>("--lan") { Description = "Also serve the page on the local network; devices there need the pairing code printed at start" };
        var realtime = new Option<bool>("--realtime") { Description = "files: play the channels at real time (as a sound card would), not as fast as possible" };
        var command = new Command("live", "Mix live channels with zero added latency: on JACK, or on files through the same engine")
            { backend, inputs, mixer, models, connect, playback, server, seconds, input, output, noSafety, ceiling, json, serve, port, lan, realtime };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(mixer)!;
            var cache = new MixerRegistry(parse.GetValue(models)!);
            if (cache.Problem(name) is { } problem) throw new CliException($"--mixer {name}: {problem}");
            double ceilingDbfs = parse.GetValue(ceiling);
            if (!OutputCeiling.IsValidCeilingDbfs(ceilingDbfs))
                throw new CliException($"--ceiling-dbfs {ceilingDbfs.ToString(CultureInfo.InvariantCulture)}: between {OutputCeiling.LowestCeilingDbfs} and {OutputCeiling.HighestCeilingDbfs} dBFS");
            var safety = parse.GetValue(noSafety)
                ? new SafetySettings { MaxBoostDb = null, SlewDbPerSecond = 0, FeedbackDetection = false, Fallback = false, OutputCeilingDbfs = ceilingDbfs }
                : new SafetySettings { OutputCeilingDbfs = ceilingDbfs };
            var web = parse.GetValue(serve) ? ServeCommand.Options(parse.GetValue(port), parse.GetValue(lan), "/live") : null;
            if (web is null && parse.GetValue(lan)) throw new CliException("--lan needs --serve (it shares the live page)");
            bool asJson = parse.GetValue(json);
            if (asJson && web is not null) throw new CliException("--json prints one document on stdout, where --serve prints the page's address: use one or the other");
            string kind = parse.GetValue(backend)!;
            if (parse.GetValue(realtime) && kind != "files") throw new CliException("--realtime is for --backend files (JACK keeps its own time)");
            return kind switch
            {
                "files" => Files(parse.GetValue(input) ?? throw new CliException("--backend files needs --in DIR"),
                    parse.GetValue(output) ?? throw new CliException("--backend files needs --out FILE"), name, cache, safety, web, parse.GetValue(realtime), asJson),
                "jack" => Jack(parse.GetValue(inputs), name, cache, safety, parse.GetValue(connect), parse.GetValue(playback), parse.GetValue(server), parse.GetValue(seconds), web, asJson),
                var other => throw new CliException($"--backend {other}: jack or files"),
            };
        });
        return command;
    }

    private static Func<ILiveMixer> Factory(string name, MixerRegistry cache, LiveFolder? folder) =>
        () => cache.Create(name, folder?.Recipe?.TargetDb);

    private static int Files(string folderPath, string outPath, string name, MixerRegistry cache, SafetySettings safety, WebOptions? web, bool realtime, bool asJson)
    {
        LiveFolder folder;
        try { folder = LiveFolder.Load(folderPath); }
        catch (InvalidDataException error) { throw new CliException(error.Message); }
        using var engine = new LiveEngine(FileBackend.Settings(folder.Inputs.Length, folder.SampleRateHz, safety, realtime), Factory(name, cache, folder));
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var page = web is null ? null : LivePage.Start(engine, folder.Channels, name, web, stop);
        float[][] outputs;
        try
        {
            (outputs, _) = StderrConsole.WithProgress($"mixing with {name}", progress => FileBackend.Run(engine, folder.Inputs, 128, progress, realtime, stop.Token));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"autofoh live: stopped at {engine.Position / (double)folder.SampleRateHz:0.0} s; {outPath} not written");
            return ExitCodes.Ok;
        }
        string partial = outPath + ".partial.wav";
        AudioFile.Write(partial, new AudioBuffer(folder.SampleRateHz, outputs));
        File.Move(partial, outPath, overwrite: true);
        var summary = LiveSummary.Of(engine, name);
        if (asJson) Json.Write(summary);
        else
        {
            Console.Out.WriteLine($"{outPath}: {folder.Inputs.Length} channels mixed live by {name} (same engine as on JACK)" +
                (engine.Status.Message.Length > 0 ? $"; {engine.Status.Message}" : ""));
            foreach (string line in summary.Lines()) Console.Out.WriteLine(line);
        }
        if (page is not null)
        {
            page.Session.Finish($"the files have ended: {outPath} written");
            Console.Out.WriteLine("autofoh live: the page shows the end of the mix; Ctrl+C stops.");
            stop.Token.WaitHandle.WaitOne();
        }
        return ExitCodes.Ok;
    }

    private static int Jack(int inputs, string name, MixerRegistry cache, SafetySettings safety, string? connect, string? playback, string? server, double? seconds, WebOptions? web,
        bool asJson)
    {
        if (inputs is < 1 or > 256) throw new CliException($"--inputs {inputs}: 1..256");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        JackHost host;
        try { host = JackHost.Start(new JackHostOptions { Inputs = inputs, Safety = safety, Connect = connect, Playback = playback, Server = server }, Factory(name, cache, null)); }
        catch (JackException error) { throw new CliException(error.Message); }
        using (host)
        using (var page = web is null ? null : LivePage.Start(host.Engine, host.ChannelNames, name, web, stop))
        {
            Console.Error.WriteLine($"autofoh live: {inputs} inputs at {host.SampleRateHz} Hz, {host.BufferFrames}-frame blocks, mixer {name}; Ctrl+C stops");
            Console.Error.WriteLine($"autofoh live: {host.Scheduling()}");
            if (host.Run(seconds, message => Console.Error.WriteLine($"autofoh live: {message}"), stop.Token) == JackRunEnd.ServerGone)
            {
                page?.Session.Finish("the JACK server went away");
                Console.Error.WriteLine("autofoh live: the JACK server went away; stopping (nothing was lost: the engine holds no audio)");
                return ExitCodes.Failure;
            }
            var summary = LiveSummary.Of(host.Engine, name);
            if (asJson)
            {
                Console.Error.WriteLine($"autofoh live: {host.Summary}");
                Json.Write(summary);
            }
            else
            {
                Console.Out.WriteLine($"autofoh live: {host.Summary}");
                foreach (string line in summary.Lines()) Console.Out.WriteLine(line);
            }
            return ExitCodes.Ok;
        }
    }
}

using System.CommandLine;
using AutoFoh.Mastering.Styles;
using AutoFoh.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh serve`: the web app on Kestrel, bound to 127.0.0.1 unless --lan: the soundcheck (with a reference and a
/// line check it starts ready: open /soundcheck?autostart=1) and the mix page /mix.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port", DefaultValueFactory = _ => 5180 };
        var lan = new Option<bool>("--lan") { Description = "Also listen on the local network (phones); they need the pairing code printed at start" };
        var reference = new Option<string?>("--reference") { Description = "Reference model file (from `reference build`)" };
        var lineCheck = new Option<string?>("--line-check") { Description = "Line-check folder: <instrument>.wav per instrument, optionally room.wav" };
        var mixModel = new Option<string>("--mix-model") { Description = "The mix predictor the /mix page uses", DefaultValueFactory = _ => DefaultMixModel };
        var targets = new Option<string?>("--targets") { Description = "Style targets for the /mix page (default: configs/style_targets.yaml)" };
        var command = new Command("serve", "Serve the web app: the soundcheck (setup, line check, the engineer's screen, each musician's arrow) and the mix page")
        {
            port, lan, reference, lineCheck, mixModel, targets,
        };
        command.SetAction(parse => Run(parse.GetValue(port), parse.GetValue(lan), parse.GetValue(reference), parse.GetValue(lineCheck),
            mixModel: parse.GetValue(mixModel), targets: parse.GetValue(targets)));
        return command;
    }

    private static string DefaultMixModel => Path.Combine(DemoCommand.RepositoryRoot(), "models", "mix-predictor.safetensors");

    public static int Run(int port, bool lan, string? reference, string? lineCheck, string? banner = null, string? mixModel = null, string? targets = null)
    {
        var options = Options(port, lan);
        if (lineCheck is not null && reference is null) throw new CliException("--line-check needs --reference (the line check is judged against it)");
        if (reference is not null && !File.Exists(reference)) throw new CliException($"{reference}: reference file not found");
        var session = new SoundcheckSession();
        try
        {
            SoundcheckEndpoints.Prepare(session, reference, lineCheck, message => Console.Error.WriteLine($"warning: {message}"));
        }
        catch (InvalidDataException error)
        {
            throw new CliException(error.Message);
        }
        StyleTargets styles;
        try
        {
            styles = StyleTargets.Load(targets ?? Path.Combine(DemoCommand.RepositoryRoot(), "configs", "style_targets.yaml"));
        }
        catch (Exception error) when (error is FormatException or FileNotFoundException)
        {
            throw new CliException(error.Message);
        }
        // The mix page's folders go when the server stops (Ctrl+C, SIGTERM): disposed after WaitForShutdown.
        using var mix = new MixJob(mixModel ?? DefaultMixModel, styles);
        var app = WebServer.Build(options, session, mix: mix);
        Listen(app, options, $"AutoFOH soundcheck: http://127.0.0.1:{port}/ (setup), /linecheck, /soundcheck, /musician/<instrument>; mix: /mix", banner);
        if (!mix.PredictorReady) Console.Error.WriteLine($"warning: {mix.PredictorPath}: mix predictor not found; /mix refuses to mix until it is there (--mix-model FILE)");
        Console.WriteLine("Ctrl+C stops.");
        app.WaitForShutdown();
        return ExitCodes.Ok;
    }

    /// <summary>The web app's options from --port and --lan (the port checked).</summary>
    public static WebOptions Options(int port, bool lan, string homePath = "/")
    {
        if (port is < 1 or > 65535) throw new CliException($"--port {port}: must be between 1 and 65535");
        return new WebOptions { Port = port, Lan = lan, HomePath = homePath };
    }

    /// <summary>Starts the app and says where it is: the address on this laptop and, with --lan, the phones' addresses and pairing code.</summary>
    public static void Listen(WebApplication app, WebOptions options, string address, string? banner = null)
    {
        try
        {
            app.Start();
        }
        catch (IOException error)
        {
            throw new CliException($"--port {options.Port}: cannot listen ({error.Message.ReplaceLineEndings(" ")})");
        }
        if (banner is not null) Console.WriteLine(banner);
        Console.WriteLine(address);
        if (options.Lan)
        {
            Console.WriteLine($"Phones on this network (pairing code {options.PairingCode}):");
            foreach (string url in Pairing.LanUrls(options)) Console.WriteLine($"  {url}");
        }
    }
}

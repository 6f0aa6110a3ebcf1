using AutoFoh.Realtime;
using AutoFoh.Web;
using Microsoft.AspNetCore.Builder;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `live --serve`: the soundcheck's web app (same Kestrel app, same LAN pairing) with the live mix's
/// channel strips at /live, following the engine it is started with. Stopping the app (Ctrl+C) cancels
/// the command's token, so the command ends too.
/// </summary>
public sealed class LivePage : IDisposable
{
    private readonly WebApplication _app;

    private LivePage(WebApplication app, LiveSession session) { _app = app; Session = session; }

    public LiveSession Session { get; }

    public static LivePage Start(LiveEngine engine, IReadOnlyList<string> channels, string mixer, WebOptions options, CancellationTokenSource stop)
    {
        var session = new LiveSession(engine, channels, mixer);
        var app = WebServer.Build(options, new SoundcheckSession(), live: session);
        ServeCommand.Listen(app, options, $"AutoFOH live: http://127.0.0.1:{options.Port}/live (a strip per channel: level, gain, status, mute, lock, priority)");
        app.Lifetime.ApplicationStopping.Register(stop.Cancel);
        session.Start();
        return new LivePage(app, session);
    }

    public void Dispose()
    {
        Session.Dispose();
        _app.StopAsync().Wait(TimeSpan.FromSeconds(5));
        ((IDisposable)_app).Dispose();
    }
}

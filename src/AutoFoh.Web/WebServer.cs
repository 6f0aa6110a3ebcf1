using System.Net;
using AutoFoh.Audio.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace AutoFoh.Web;

/// <summary>
/// The web app on Kestrel, composed of its endpoint groups: <see cref="Pairing"/> (who may talk to it),
/// <see cref="SoundcheckEndpoints"/> and <see cref="MicrophoneSocket"/> (the soundcheck), <see cref="LiveEndpoints"/>
/// (the live mix, with a <see cref="LiveSession"/>) and <see cref="MixEndpoints"/> (the mix page, with a
/// <see cref="MixJob"/>). Bound to 127.0.0.1 unless <see cref="WebOptions.Lan"/>.
/// </summary>
public static class WebServer
{
    public static WebApplication Build(WebOptions options, SoundcheckSession session, LiveSession? live = null, MixJob? mix = null, string? webRoot = null)
    {
        webRoot ??= Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!File.Exists(Path.Combine(webRoot, "index.html"))) throw new DirectoryNotFoundException($"{webRoot}: the web app's pages are missing (build the project: the front end is compiled with it)");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = webRoot, WebRootPath = webRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (options.Lan) kestrel.ListenAnyIP(options.Port);
            else kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1 << 20);
        });
        builder.Services.ConfigureHttpJsonOptions(json => SnakeCaseJson.Apply(json.SerializerOptions));
        builder.Services.Configure<FormOptions>(form => { form.MultipartBodyLengthLimit = options.MaxUploadBytes + (1 << 20); });
        var app = builder.Build();
        app.UseRequirePairing(options);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(webRoot) });

        var pages = new Pages(webRoot);
        app.MapSoundcheck(session, options, pages);
        app.MapPairing(options);
        app.MapLive(live, pages);
        app.MapMicrophone(session, options);
        app.MapMix(mix, options, pages);
        return app;
    }
}

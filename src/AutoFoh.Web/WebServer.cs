using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoFoh.Web;

/// <summary>How `autofoh serve` runs.</summary>
public sealed record WebOptions
{
    public int Port { get; init; } = 5180;

    /// <summary>Also listen on the LAN (phones); every non-loopback client then needs the pairing code.</summary>
    public bool Lan { get; init; }

    /// <summary>The code a phone enters (or scans in the URL); random when not given.</summary>
    public string PairingCode { get; init; } = RandomNumberGenerator.GetInt32(100000, 1000000).ToString();

    /// <summary>Largest stems upload (bytes).</summary>
    public long MaxUploadBytes { get; init; } = 512L << 20;

    /// <summary>Longest line-check take (seconds).</summary>
    public int MaxTakeSeconds { get; init; } = 60;

    /// <summary>Largest microphone WebSocket message (bytes).</summary>
    public int MaxFrameBytes { get; init; } = 64 << 10;

    /// <summary>The page the LAN addresses and the QR code open ("/" for the soundcheck, "/live" for the live mix).</summary>
    public string HomePath { get; init; } = "/";
}

/// <summary>
/// The web app on Kestrel: the soundcheck's static pages (issue 6: the setup, the line-check wizard, the
/// engineer's soundcheck screen and the musician's arrow), a JSON API, the microphone's WebSocket and an
/// event stream of the advice. With a <see cref="LiveSession"/> (issue 8) it also serves the live mix:
/// <c>/live</c> (a strip per channel), its event stream and the channel controls; with a <see cref="MixJob"/>
/// (issue 9) the mix page <c>/mix</c>, its uploads, job events and downloads. Bound to 127.0.0.1 unless
/// <see cref="WebOptions.Lan"/>.
/// </summary>
public static class WebServer
{
    public const string PairingCookie = "autofoh-pair";

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
        builder.Services.Configure<FormOptions>(form => { form.MultipartBodyLengthLimit = options.MaxUploadBytes + (1 << 20); });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!IsPaired(context, options))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("This AutoFOH needs its pairing code: open the address shown on the laptop (…?pair=CODE).");
                return;
            }
            await next();
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        var files = new PhysicalFileProvider(webRoot);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        IResult Page(string name) => Results.File(Path.Combine(webRoot, name), "text/html; charset=utf-8");
        app.MapGet("/", () => Page("index.html"));
        app.MapGet("/linecheck", () => Page("linecheck.html"));
        app.MapGet("/soundcheck", () => Page("soundcheck.html"));
        app.MapGet("/musician/{instrument}", (string instrument) => session.IsInstrument(instrument)
            ? Page("musician.html")
            : NotHere($"No instrument called ‘{WebUtility.HtmlEncode(instrument)}’ in this soundcheck. Instruments: {WebUtility.HtmlEncode(string.Join(", ", session.Instruments))}."));

        app.MapGet("/api/state", () => Results.Text(session.StateMessage(), "application/json"));
        app.MapGet("/api/stats", () => Results.Json(new { windows_advised = session.WindowsAdvised, viewers = session.Subscribers, microphone = session.MicrophoneActive, memory_bytes = GC.GetTotalMemory(false) }));
        app.MapGet("/api/pairing", (HttpContext context) => IsLoopback(context)
            ? Results.Json(new { lan = options.Lan, code = options.Lan ? options.PairingCode : null, urls = options.Lan ? LanUrls(options) : [] })
            : Results.StatusCode(StatusCodes.Status403Forbidden));
        app.MapGet("/api/pairing/qr.svg", (HttpContext context) =>
        {
            if (!IsLoopback(context) || !options.Lan) return Results.NotFound();
            var urls = LanUrls(options);
            if (urls.Length == 0) return Results.NotFound();
            using var generator = new QRCoder.QRCodeGenerator();
            using var data = generator.CreateQrCode(urls[0], QRCoder.QRCodeGenerator.ECCLevel.M);
            return Results.Content(new QRCoder.SvgQRCode(data).GetGraphic(8), "image/svg+xml");
        });
        app.MapGet("/api/reference/dominance", () => session.Reference is { } reference ? Results.Json(DominanceSummary(reference)) : Results.NotFound(new { error = "no reference yet" }));
        app.MapPost("/api/reference", async (HttpRequest request) => await UploadReference(request, session, options));
        app.MapPost("/api/linecheck/{instrument}", async (string instrument, HttpRequest request) => await UploadTake(instrument, request, session, options));
        app.MapGet("/api/events", async (HttpContext context) => await StreamEvents(context, session.Subscribe));
        if (live is not null)
        {
            app.MapGet("/live", () => Page("live.html"));
            app.MapGet("/api/live/state", () => Results.Text(live.UpdateMessage(), "application/json"));
            app.MapGet("/api/live/events", async (HttpContext context) => await StreamEvents(context, live.Subscribe));
            app.MapPost("/api/live/channel/{name}", async (string name, HttpRequest request) => await Control(live, name, request));
        }
        else app.MapGet("/live", () => NotHere("No live mix here: the live page comes with <code>autofoh live … --serve</code>."));
        app.Map("/ws/microphone", async (HttpContext context) => await Microphone(context, session, options));

        // The mix page (issue 9): stems in, one mix at a time in the background, its figures and files out.
        if (mix is not null)
        {
            app.MapGet("/mix", () => Page("mix.html"));
            app.MapGet("/api/mix/styles", () => Results.Text(mix.StylesMessage(options.MaxUploadBytes), "application/json"));
            app.MapGet("/api/mix/status", () => Results.Text(mix.Status(), "application/json"));
            app.MapGet("/api/mix/events", async (HttpContext context) => await StreamEvents(context, mix.Subscribe));
            app.MapPost("/api/mix", async (HttpRequest request) => await StartMix(request, mix, options));
            app.MapGet("/api/mix/{id}/{file}", (string id, string file) => mix.FilePath(id, file) is { } path
                ? Results.File(path, MixFileType(file), enableRangeProcessing: true)
                : Results.NotFound(new { error = $"{file}: mix {id} has no such file (it is not done, or a newer mix replaced it)" }));
        }
        else app.MapGet("/mix", () => NotHere("No mix page here: it comes with <code>autofoh serve</code>."));
        return app;
    }

    /// <summary>A page that is not served by this app, in one line of HTML that says why (404).</summary>
    private static IResult NotHere(string html) => Results.Content($"<!doctype html><meta charset=utf-8><title>AutoFOH</title><p style=\"font:2em sans-serif\">{html}</p>", "text/html; charset=utf-8", statusCode: 404);

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static bool IsPaired(HttpContext context, WebOptions options)
    {
        if (IsLoopback(context)) return true;
        if (!options.Lan) return false;
        if (context.Request.Query.TryGetValue("pair", out var code) && FixedEquals(code.ToString(), options.PairingCode))
        {
            context.Response.Cookies.Append(PairingCookie, options.PairingCode, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
            return true;
        }
        return context.Request.Cookies.TryGetValue(PairingCookie, out var cookie) && FixedEquals(cookie ?? "", options.PairingCode);
    }

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static string[] LanUrls(WebOptions options) => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Where(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
        .Select(a => $"http://{a.Address}:{options.Port}{options.HomePath}?pair={options.PairingCode}").ToArray();

    /// <summary>The reference's dominance for the heatmap: per half-second frame and band, the instruments' shares (at most 400 frames).</summary>
    private static object DominanceSummary(ReferenceModel reference)
    {
        var passages = reference.Passages;
        int n = reference.Instruments.Count;
        if (passages is null) return new { instruments = reference.Instruments, hop_s = 0.0, frames = Array.Empty<float[]>() };
        int frames = passages.Dominance.Frames, step = Math.Max(1, (frames + 399) / 400);
        var rows = new List<float[]>();
        for (int f = 0; f < frames; f += step) rows.Add(passages.Dominance.Frame(f).ToArray());
        return new { instruments = reference.Instruments, hop_s = ReferencePassages.DominanceHopSeconds * step, bands = 24, frames = rows };
    }

    /// <summary>
    /// A new reference: stems uploaded as a multipart form (one audio file per instrument), or, from the
    /// laptop itself, <c>?folder=DIR</c> naming a stems folder on disk; a single uploaded file named
    /// <c>mix.*</c> is separated with demucs when it is installed.
    /// </summary>
    private static async Task<IResult> UploadReference(HttpRequest request, SoundcheckSession session, WebOptions options)
    {
        if (request.Query.TryGetValue("folder", out var folderValue))
        {
            if (!IsLoopback(request.HttpContext)) return Results.Json(new { error = "a stems folder can be chosen from the laptop only" }, statusCode: StatusCodes.Status403Forbidden);
            string folder = folderValue.ToString();
            if (!Directory.Exists(folder)) return Results.BadRequest(new { error = $"{folder}: stems folder not found" });
            return await BuildReference(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), session, folder);
        }
        string upload = Path.Combine(Path.GetTempPath(), "autofoh-upload-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (saved, refusal) = await StemUpload.SaveAsync(request, options.MaxUploadBytes, upload);
            if (saved is null) return refusal!;
            var files = saved.Paths;
            string stems = upload;
            if (files.Count == 1 && Path.GetFileNameWithoutExtension(files[0]).Equals("mix", StringComparison.OrdinalIgnoreCase))
            {
                if (Soundcheck.Separation.DemucsSeparator.Find() is null)
                    return Results.BadRequest(new { error = "a mix needs demucs to split it into stems, and demucs is not installed here: upload the stems instead" });
                stems = await Task.Run(() => Soundcheck.Separation.DemucsSeparator.Separate(files[0], Path.Combine(upload, "demucs")));
            }
            return await BuildReference(stems, string.Join(", ", files.Select(Path.GetFileName)), session, upload);
        }
        finally
        {
            if (Directory.Exists(upload)) Directory.Delete(upload, recursive: true);
        }
    }

    private static async Task<IResult> BuildReference(string folder, string name, SoundcheckSession session, string hide)
    {
        StemSet stems;
        try { stems = StemLoader.Load(folder); }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or InvalidOperationException or AutoFoh.Audio.AudioFormatException)
        {
            return Results.BadRequest(new { error = e.Message.Replace(hide + Path.DirectorySeparatorChar, "").Replace(hide, "the upload") });
        }
        var model = await Task.Run(() => ReferenceModel.Build(stems, predictor: "table"));
        session.SetReference(model, name);
        return Results.Text(session.StateMessage(), "application/json");
    }

    /// <summary>
    /// A new mix: the stems (multipart field <c>stems</c>) and the style (field <c>style</c>), answered 202 with the
    /// job's state; 409 while a mix runs (before the upload is read), 400 for bad stems or an unknown style, 413 over
    /// the size limit, 503 without the predictor.
    /// </summary>
    private static async Task<IResult> StartMix(HttpRequest request, MixJob mix, WebOptions options)
    {
        if (mix.IsRunning) return Results.Json(new { error = mix.Busy().Message }, statusCode: StatusCodes.Status409Conflict);
        if (!mix.PredictorReady) return NoPredictor(mix);
        string folder = mix.NewFolder();
        bool started = false;
        try
        {
            var (saved, refusal) = await StemUpload.SaveAsync(request, options.MaxUploadBytes, Path.Combine(folder, "stems"), MixStems.MaxStems);
            if (saved is null) return refusal!;
            string style = saved.Form["style"].ToString();
            if (style.Length == 0) return StemUpload.BadRequest($"no style: pick one of {string.Join(", ", mix.Styles.Names)}");
            string status = mix.Start(folder, saved.Paths, style);
            started = true;
            return Results.Text(status, "application/json", statusCode: StatusCodes.Status202Accepted);
        }
        catch (MixJobBusyException e) { return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status409Conflict); }
        catch (Exception e) when (e is ArgumentException or AutoFoh.Audio.AudioFormatException) { return StemUpload.BadRequest(e.Message); }
        catch (FileNotFoundException) { return NoPredictor(mix); }
        finally
        {
            if (!started) mix.Discard(folder);
        }
    }

    private static IResult NoPredictor(MixJob mix) => Results.Json(new { error = $"{mix.PredictorPath}: mix predictor not found (train it, or start serve with --mix-model FILE)" }, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static string MixFileType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".wav" => "audio/wav",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static async Task<IResult> UploadTake(string instrument, HttpRequest request, SoundcheckSession session, WebOptions options)
    {
        if (session.Reference is null) return Results.BadRequest(new { error = "choose a reference before the line check" });
        int rate = session.SampleRateHz;
        long limit = (long)options.MaxTakeSeconds * rate * 4;
        if (request.ContentLength > limit) return StemUpload.TooLarge($"a take is at most {options.MaxTakeSeconds} s");
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length > limit) return StemUpload.TooLarge($"a take is at most {options.MaxTakeSeconds} s");
        if (body.Length % 4 != 0) return Results.BadRequest(new { error = "a take is 32-bit float samples (little-endian)" });
        var take = Samples(body.GetBuffer().AsSpan(0, (int)body.Length));
        if (take.Any(v => !float.IsFinite(v))) return Results.BadRequest(new { error = "the take has samples that are not numbers" });
        try
        {
            session.AddTake(instrument, take);
        }
        catch (LineCheckException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        return Results.Text(session.StateMessage(), "application/json");
    }

    private static float[] Samples(ReadOnlySpan<byte> bytes)
    {
        var samples = new float[bytes.Length / 4];
        for (int i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
        return samples;
    }

    /// <summary>One channel strip's controls from a page: a small JSON object; a bad one gets 400 and one line naming the value.</summary>
    private static async Task<IResult> Control(LiveSession live, string channel, HttpRequest request)
    {
        const int limit = 4096;
        var bytes = new byte[limit + 1];   // read at most this much, whatever the request claims (or does not claim) its length is
        int filled = 0, read;
        while (filled < bytes.Length && (read = await request.Body.ReadAsync(bytes.AsMemory(filled), request.HttpContext.RequestAborted)) > 0) filled += read;
        if (filled > limit) return Results.BadRequest(new { error = $"a control is a small JSON object (at most {limit} bytes)" });
        JsonDocument body;
        try { body = JsonDocument.Parse(bytes.AsMemory(0, filled), new JsonDocumentOptions { MaxDepth = 4 }); }
        catch (JsonException error) { return Results.BadRequest(new { error = $"the control is not JSON ({error.Message.ReplaceLineEndings(" ")})" }); }
        using (body)
        {
            try { return Results.Text(live.Apply(channel, body.RootElement), "application/json"); }
            catch (ArgumentException error) { return Results.BadRequest(new { error = error.Message }); }
        }
    }

    /// <summary>Server-sent events: the state, then every message; the browser reconnects by itself.</summary>
    private static async Task StreamEvents(HttpContext context, Func<(System.Threading.Channels.ChannelReader<string> Reader, IDisposable Lease)> subscribe)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // A stream ends when the page goes or the server stops (else shutting down would wait for every open page).
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var (reader, lease) = subscribe();
        using (lease)
        {
            try
            {
                await context.Response.WriteAsync("retry: 1000\n\n", ended.Token);
                await foreach (var message in reader.ReadAllAsync(ended.Token))
                {
                    await context.Response.WriteAsync($"data: {message}\n\n", ended.Token);
                    await context.Response.Body.FlushAsync(ended.Token);
                }
            }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// The laptop's microphone: binary messages of 32-bit float samples at the reference's rate. A text
    /// message, a message that is not whole samples or one over the size limit closes the connection.
    /// </summary>
    private static async Task Microphone(HttpContext context, SoundcheckSession session, WebOptions options)
    {
        if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = StatusCodes.Status400BadRequest; await context.Response.WriteAsync("a WebSocket is expected here"); return; }
        if (context.Request.Query.TryGetValue("rate", out var rateText) && (!int.TryParse(rateText, out int rate) || rate != session.SampleRateHz) && session.SampleRateHz > 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"the microphone streams at {rateText} Hz; this soundcheck needs {session.SampleRateHz} Hz");
            return;
        }
        if (!session.TryStartMicrophone(out string? error))
        {
            context.Response.StatusCode = error!.Contains("already") ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error);
            return;
        }
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[options.MaxFrameBytes];
            var samples = new float[options.MaxFrameBytes / 4];
            while (socket.State == WebSocketState.Open)
            {
                int filled = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (filled == buffer.Length) { await Close(session, socket, WebSocketCloseStatus.MessageTooBig, $"a message is at most {options.MaxFrameBytes} bytes"); return; }
                    result = await socket.ReceiveAsync(buffer.AsMemory(filled), context.RequestAborted);
                    filled += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close) { session.StopMicrophone(); await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); return; }
                if (result.MessageType != WebSocketMessageType.Binary || filled % 4 != 0) { await Close(session, socket, WebSocketCloseStatus.InvalidPayloadData, "send 32-bit float samples in binary messages"); return; }
                int count = filled / 4;
                for (int i = 0; i < count; i++) samples[i] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(4 * i, 4));
                for (int i = 0; i < count; i++) if (!float.IsFinite(samples[i])) { await Close(session, socket, WebSocketCloseStatus.InvalidPayloadData, "samples must be numbers"); return; }
                session.AddMicrophoneSamples(samples.AsSpan(0, count));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        finally
        {
            session.StopMicrophone();
        }
    }

    /// <summary>Frees the microphone first (so a reconnect right after the close is accepted), then closes.</summary>
    private static async Task Close(SoundcheckSession session, WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        session.StopMicrophone();
        try { await socket.CloseAsync(status, reason, CancellationToken.None); } catch (WebSocketException) { }
    }

    /// <summary>Loads a reference file and, when given, a line-check folder into the session (for scripted use).</summary>
    public static void Prepare(SoundcheckSession session, string? referencePath, string? lineCheckFolder, Action<string> warn)
    {
        if (referencePath is null) return;
        var model = ReferenceModel.Load(referencePath);
        session.SetReference(model, Path.GetFileName(referencePath));
        if (lineCheckFolder is not null) session.SetLineCheck(LineCheckFolder.Load(lineCheckFolder, model.Instruments, model.SampleRateHz, warn));
    }

}

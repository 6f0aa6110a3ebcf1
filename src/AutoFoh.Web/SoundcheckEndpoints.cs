using System.Buffers.Binary;
using System.Net;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>
/// The soundcheck's pages (the setup, the line-check wizard, the engineer's screen, the musician's arrow) and its
/// JSON API: the state, the reference (upload or a folder on the laptop), the line-check takes, the event stream.
/// </summary>
public static class SoundcheckEndpoints
{
    public static void MapSoundcheck(this WebApplication app, SoundcheckSession session, WebOptions options, Pages pages)
    {
        app.MapGet("/", () => pages.Page("index.html"));
        app.MapGet("/linecheck", () => pages.Page("linecheck.html"));
        app.MapGet("/soundcheck", () => pages.Page("soundcheck.html"));
        app.MapGet("/musician/{instrument}", (string instrument) => session.IsInstrument(instrument)
            ? pages.Page("musician.html")
            : Pages.NotHere($"No instrument called ‘{WebUtility.HtmlEncode(instrument)}’ in this soundcheck. Instruments: {WebUtility.HtmlEncode(string.Join(", ", session.Instruments))}."));

        app.MapGet("/api/state", () => Results.Text(session.StateMessage(), "application/json"));
        app.MapGet("/api/stats", () => Results.Json(new { windows_advised = session.WindowsAdvised, viewers = session.Subscribers, microphone = session.MicrophoneActive, memory_bytes = GC.GetTotalMemory(false) }));
        app.MapGet("/api/reference/dominance", () => session.Reference is { } reference ? Results.Json(DominanceSummary(reference)) : Results.NotFound(new { error = "no reference yet" }));
        app.MapPost("/api/reference", async (HttpRequest request) => await UploadReference(request, session, options));
        app.MapPost("/api/linecheck/{instrument}", async (string instrument, HttpRequest request) => await UploadTake(instrument, request, session, options));
        app.MapGet("/api/events", async (HttpContext context) => await ServerSentEvents.Stream(context, session.Subscribe));
    }

    /// <summary>Loads a reference file and, when given, a line-check folder into the session (for scripted use).</summary>
    public static void Prepare(SoundcheckSession session, string? referencePath, string? lineCheckFolder, Action<string> warn)
    {
        if (referencePath is null) return;
        var model = session.Service.LoadReference(referencePath);
        session.SetReference(model, Path.GetFileName(referencePath));
        if (lineCheckFolder is not null) session.SetLineCheck(session.Service.LoadLineCheck(lineCheckFolder, model, warn));
    }

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
    /// <c>mix.*</c> is separated when the service can (demucs installed).
    /// </summary>
    private static async Task<IResult> UploadReference(HttpRequest request, SoundcheckSession session, WebOptions options)
    {
        if (request.Query.TryGetValue("folder", out var folderValue))
        {
            if (!Pairing.IsLoopback(request.HttpContext)) return Results.Json(new { error = "a stems folder can be chosen from the laptop only" }, statusCode: StatusCodes.Status403Forbidden);
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
            if (SoundcheckService.IsMix(files))
            {
                if (!session.Service.CanSeparateMix)
                    return Results.BadRequest(new { error = $"a mix needs {SoundcheckService.MixSeparator} to split it into stems, and {SoundcheckService.MixSeparator} is not installed here: upload the stems instead" });
                stems = await Task.Run(() => session.Service.SeparateMix(files[0], Path.Combine(upload, SoundcheckService.MixSeparator)));
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
        var model = await Task.Run(() => session.Service.BuildReference(stems));
        session.SetReference(model, name);
        return Results.Text(session.StateMessage(), "application/json");
    }

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
}

using AutoFoh.Mastering.Mixing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>The mix page <c>/mix</c>: stems in, one mix at a time in the background (<see cref="MixJob"/>), its figures and files out.</summary>
public static class MixEndpoints
{
    public static void MapMix(this WebApplication app, MixJob? mix, WebOptions options, Pages pages)
    {
        if (mix is null)
        {
            app.MapGet("/mix", () => Pages.NotHere("No mix page here: it comes with <code>autofoh serve</code>."));
            return;
        }
        app.MapGet("/mix", () => pages.Page("mix.html"));
        app.MapGet("/api/mix/styles", () => Results.Text(mix.StylesMessage(options.MaxUploadBytes), "application/json"));
        app.MapGet("/api/mix/status", () => Results.Text(mix.Status(), "application/json"));
        app.MapGet("/api/mix/events", async (HttpContext context) => await ServerSentEvents.Stream(context, mix.Subscribe));
        app.MapPost("/api/mix", async (HttpRequest request) => await StartMix(request, mix, options));
        app.MapGet("/api/mix/{id}/{file}", (string id, string file) => mix.FilePath(id, file) is { } path
            ? Results.File(path, MixFileType(file), enableRangeProcessing: true)
            : Results.NotFound(new { error = $"{file}: mix {id} has no such file (it is not done, or a newer mix replaced it)" }));
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
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>The live mix's page <c>/live</c> (a strip per channel), its state, its event stream and the channel controls.</summary>
public static class LiveEndpoints
{
    public static void MapLive(this WebApplication app, LiveSession? live, Pages pages)
    {
        if (live is null)
        {
            app.MapGet("/live", () => Pages.NotHere("No live mix here: the live page comes with <code>autofoh live … --serve</code>."));
            return;
        }
        app.MapGet("/live", () => pages.Page("live.html"));
        app.MapGet("/api/live/state", () => Results.Text(live.UpdateMessage(), "application/json"));
        app.MapGet("/api/live/events", async (HttpContext context) => await ServerSentEvents.Stream(context, live.Subscribe));
        app.MapPost("/api/live/channel/{name}", async (string name, HttpRequest request) => await Control(live, name, request));
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
}

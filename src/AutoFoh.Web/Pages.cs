using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>The static HTML pages of the web root, and the one-line page that says why a page is not served here.</summary>
public sealed class Pages(string webRoot)
{
    public string WebRoot { get; } = webRoot;

    public IResult Page(string name) => Results.File(Path.Combine(WebRoot, name), "text/html; charset=utf-8");

    /// <summary>A page that is not served by this app, in one line of HTML that says why (404).</summary>
    public static IResult NotHere(string html) => Results.Content($"<!doctype html><meta charset=utf-8><title>AutoFOH</title><p style=\"font:2em sans-serif\">{html}</p>", "text/html; charset=utf-8", statusCode: 404);
}

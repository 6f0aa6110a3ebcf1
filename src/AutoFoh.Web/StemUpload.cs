using AutoFoh.Audio;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>
/// Stem files uploaded as a multipart form (field <c>stems</c>, one audio file per instrument) and saved into a
/// folder. What cannot be used is refused in one line before anything is processed: an upload over the size limit
/// (413, from its Content-Length or while it is read), a body that is not a form, no files, more files than the
/// caller takes, a file whose name is not audio, two files of one name (400).
/// </summary>
public sealed record StemUpload(IFormCollection Form, IReadOnlyList<string> Paths)
{
    /// <summary>Reads the form and writes its files into <paramref name="folder"/>; returns the upload, or the refusal to send.</summary>
    public static async Task<(StemUpload? Upload, IResult? Refusal)> SaveAsync(HttpRequest request, long maxBytes, string folder, int maxFiles = int.MaxValue)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge($"the upload is {request.ContentLength / 1e6:0} MB; the limit is {maxBytes / 1e6:0} MB"));
        if (!request.HasFormContentType) return (null, BadRequest("send the stems as a multipart form (one audio file per instrument)"));
        IFormCollection form;
        try { form = await request.ReadFormAsync(); }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return (null, e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? TooLarge($"the upload is over the {maxBytes / 1e6:0} MB limit") : BadRequest(e.Message));
        }
        // A file input left empty still sends one part, with no name and no bytes.
        var files = form.Files.Where(f => f.FileName.Length > 0 || f.Length > 0).ToList();
        if (files.Count == 0) return (null, BadRequest("no stems: upload one audio file per instrument (guitar.wav, bass.wav, ...)"));
        if (files.Count > maxFiles) return (null, BadRequest($"{files.Count} stems uploaded; a mix takes at most {maxFiles}"));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            string name = Path.GetFileName(file.FileName);
            if (!AudioFile.HasAudioExtension(name)) return (null, BadRequest($"{name}: not an audio file (expected {string.Join(", ", AudioFile.Extensions)})"));
            if (!names.Add(name)) return (null, BadRequest($"{name}: uploaded twice (one file per instrument)"));
        }
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var file in files)
        {
            string path = Path.Combine(folder, Path.GetFileName(file.FileName));
            await using var stream = File.Create(path);
            await file.CopyToAsync(stream);
            paths.Add(path);
        }
        return (new StemUpload(form, paths), null);
    }

    public static IResult TooLarge(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult BadRequest(string message) => Results.BadRequest(new { error = message });
}

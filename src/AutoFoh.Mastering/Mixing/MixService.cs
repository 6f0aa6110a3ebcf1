using AutoFoh.Mastering.Export;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// Where a mix's parameters go: <paramref name="ParameterPath"/> (PARAMS.json) and a REAPER project
/// (<paramref name="ReaperPath"/>). With <paramref name="ByFileName"/> the files name the mix and the stems by file
/// name alone (the web page's downloads: the person has the stems, the uploaded copies go with the job); else by
/// full path (the CLI's export, beside the person's own files).
/// </summary>
public sealed record MixExport(string ParameterPath, string ReaperPath, bool ByFileName = false)
{
    /// <summary>PARAMS.json and PARAMS.RPP beside it, by full path (the CLI's <c>--export</c>).</summary>
    public static MixExport Beside(string parameterPath) => new(parameterPath, Path.ChangeExtension(parameterPath, ".RPP"));
}

/// <summary>
/// The one way stems become a mix, for the CLI's <c>mix</c> and the web's mix page: <see cref="AutoMixer"/> mixes and
/// masters them to the file, the written file is checked against the style once (<see cref="MixOutcome.Compliance"/>),
/// and, when asked, every parameter goes to PARAMS.json and the REAPER project (each written atomically).
/// </summary>
public static class MixService
{
    /// <summary>Mixes <paramref name="request"/>'s stems; the outcome carries the parameters as exported.</summary>
    public static MixOutcome Run(MixRequest request, MixExport? export = null, Action<string, double>? progress = null)
    {
        var outcome = AutoMixer.Run(request, progress);
        if (export is null) return outcome;
        var document = export.ByFileName
            ? outcome.Parameters with
            {
                Output = Path.GetFileName(outcome.Parameters.Output),
                Stems = outcome.Parameters.Stems.Select(s => s with { File = Path.GetFileName(s.File) }).ToList(),
            }
            : outcome.Parameters;
        Export(document, export);
        return outcome with { Parameters = document };
    }

    /// <summary>Writes PARAMS.json and the REAPER project (whose notes name the parameter file).</summary>
    public static void Export(ParameterDocument document, MixExport export)
    {
        ParameterFile.Write(export.ParameterPath, document);
        string parameterFile = export.ByFileName ? Path.GetFileName(export.ParameterPath) : export.ParameterPath;
        ReaperProject.Write(export.ReaperPath, document.Stems, document.SampleRateHz, parameterFile, document.Style);
    }
}

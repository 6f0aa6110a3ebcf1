using System.Diagnostics;

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// Separates a reference *mix* offline with the `demucs` command line (Défossez et al., the separator
/// seed 000 used), for users who have it installed; AutoFOH ships no separation weights. Runs
/// `demucs -n MODEL -o OUT MIX` and reads its output layout, OUT/MODEL/TRACK/{drums,bass,other,vocals}.wav
/// (six stems with htdemucs_6s: plus guitar and piano), into a stems folder the rest of AutoFOH reads.
/// </summary>
public static class DemucsSeparator
{
    public const string DefaultModel = "htdemucs";

    /// <summary>The demucs executable on PATH, or null.</summary>
    public static string? Find()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "demucs");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// Separates <paramref name="mix"/> into <paramref name="outputFolder"/> and returns the stems folder
    /// (one WAV per stem). Throws a clear <see cref="InvalidOperationException"/> when demucs is not
    /// installed or fails, and an <see cref="IOException"/> when its output is not where its layout says.
    /// </summary>
    public static string Separate(string mix, string outputFolder, string model = DefaultModel, string? executable = null)
    {
        if (!File.Exists(mix)) throw new FileNotFoundException($"{mix}: mix not found", mix);
        executable ??= Find() ?? throw new InvalidOperationException(
            "separating a mix needs the demucs command line (pip install demucs), which is not installed; give the reference as a stems folder instead (--stems)");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-n", model, "-o", outputFolder, mix }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"demucs failed (exit {process.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return StemsFolder(outputFolder, model, mix);
    }

    /// <summary>Where demucs puts the stems of <paramref name="mix"/>: OUT/MODEL/TRACK, TRACK the file name without extension.</summary>
    public static string StemsFolder(string outputFolder, string model, string mix)
    {
        string folder = Path.Combine(outputFolder, model, Path.GetFileNameWithoutExtension(mix));
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.wav").Length < 2)
            throw new IOException($"{folder}: demucs finished but its stems are not there (expected drums.wav, bass.wav, other.wav, vocals.wav)");
        return folder;
    }
}

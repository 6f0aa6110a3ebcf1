using System.Diagnostics;

namespace AutoFoh.Audio.Tests;

internal static class Ffmpeg
{
    /// <summary>Runs ffmpeg (overwriting outputs), failing the test with its message if it fails.</summary>
    public static void Run(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-y" }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', args)} failed: {error}");
    }
}

using System.Diagnostics;
using System.Globalization;

namespace AutoFoh.Testing;

/// <summary>True peak of a file as ffmpeg's ebur128 filter measures it, the reference the limiter answers to.</summary>
internal static class FfmpegTruePeak
{
    /// <summary>
    /// `ffmpeg -i f.wav -af ebur128=peak=true -f null -`, reading the true peak from the filter's frame
    /// metadata (the last frame's lavfi.r128.true_peak, linear, the largest so far) rather than its summary,
    /// which rounds to 0.1 dB.
    /// </summary>
    public static double OfFile(string path)
    {
        string metadata = path + ".meta.txt";
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-nostdin", "-nostats", "-hide_banner", "-v", "error", "-i", path, "-af", $"ebur128=peak=true:metadata=1,ametadata=mode=print:file={metadata}", "-f", "null", "-" })
            start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ffmpeg failed on {path}: {error}");
            string last = File.ReadLines(metadata).Last(l => l.StartsWith("lavfi.r128.true_peak="));
            return 20 * Math.Log10(double.Parse(last[(last.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(metadata);
        }
    }
}

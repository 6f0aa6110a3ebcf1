using System.Diagnostics;
using System.Globalization;

namespace AutoFoh.Cli.Tests;

/// <summary>Loudness as measured by ffmpeg's ebur128 filter, the reference we compare against.</summary>
public sealed record FfmpegLoudness(double IntegratedLufs, double LoudnessRangeLu, double TruePeakDbtp)
{
    /// <summary>
    /// Measures <paramref name="inputs"/> (summed when more than one, by amix without normalization) with
    /// `ebur128=peak=true`. The filter's frame metadata carries three decimals, where its printed summary
    /// rounds to one, so the last frame's metadata is read.
    /// </summary>
    public static FfmpegLoudness Measure(params string[] inputs)
    {
        var args = new List<string> { "-nostats", "-hide_banner", "-v", "error" };
        foreach (var input in inputs) { args.Add("-i"); args.Add(input); }
        string metadata = Path.Combine(Path.GetTempPath(), $"autofoh-ebur128-{Guid.NewGuid():N}.txt");
        string chain = $"ebur128=peak=true:metadata=1,ametadata=mode=print:file={metadata}";
        if (inputs.Length > 1)
        {
            args.Add("-filter_complex");
            args.Add(string.Concat(inputs.Select((_, i) => $"[{i}:a]")) + $"amix=inputs={inputs.Length}:normalize=0,{chain}");
        }
        else
        {
            args.Add("-af");
            args.Add(chain);
        }
        args.AddRange(["-f", "null", "-"]);
        try
        {
            var start = new ProcessStartInfo("ffmpeg", args) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {error}");
            var last = new Dictionary<string, double>();
            foreach (var line in File.ReadLines(metadata))
            {
                int eq = line.IndexOf('=');
                if (line.StartsWith("lavfi.r128.") && eq > 0 && double.TryParse(line[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    last[line[..eq]] = v;
            }
            return new FfmpegLoudness(last["lavfi.r128.I"], last["lavfi.r128.LRA"], 20 * Math.Log10(last["lavfi.r128.true_peak"]));
        }
        finally
        {
            File.Delete(metadata);
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AutoFoh.Audio;

/// <summary>
/// Decodes any format the `ffmpeg` executable knows (ogg, flac, mp3, m4a...) as a stream of 32-bit float
/// samples through a pipe: `ffprobe` reads the stream's rate and channels, then `ffmpeg -f f32le -`
/// is read block by block, so long files are never held in memory.
/// </summary>
public sealed class FfmpegReader : IAudioReader
{
    private readonly Process _process;
    private readonly Stream _pipe;
    private readonly Task<string> _stderr;
    private readonly byte[] _bytes = new byte[1 << 16];
    private int _carry;
    private long _framesRead;
    private bool _finished;

    private FfmpegReader(string path, int sampleRateHz, int channels, long? frames, Process process)
    {
        Path = path;
        SampleRateHz = sampleRateHz;
        Channels = channels;
        FrameCount = frames;
        _process = process;
        _pipe = process.StandardOutput.BaseStream;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Path { get; }
    public int SampleRateHz { get; }
    public int Channels { get; }
    public long? FrameCount { get; }

    public static FfmpegReader Open(string path)
    {
        var probe = Probe(path);
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "f32le", "-acodec", "pcm_f32le", "-" }) start.ArgumentList.Add(arg);
        var process = StartTool(start, path, "ffmpeg");
        return new FfmpegReader(path, probe.SampleRateHz, probe.Channels, probe.Frames, process);
    }

    public int Read(Span<float> interleaved)
    {
        if (interleaved.Length % Channels != 0)
            throw new ArgumentException($"buffer of {interleaved.Length} samples is not a whole number of {Channels}-channel frames", nameof(interleaved));
        if (_finished) return 0;
        int frameBytes = 4 * Channels;
        int wantedBytes = Math.Min(interleaved.Length / Channels, _bytes.Length / frameBytes) * frameBytes;
        // Read until a whole number of frames is buffered or the pipe ends.
        while (_carry < wantedBytes)
        {
            int n = _pipe.Read(_bytes, _carry, wantedBytes - _carry);
            if (n == 0) break;
            _carry += n;
            if (_carry >= frameBytes && _carry % frameBytes == 0) break;
        }
        int frames = _carry / frameBytes;
        if (frames == 0)
        {
            Finish();
            return 0;
        }
        var samples = MemoryMarshal.Cast<byte, float>(_bytes.AsSpan(0, frames * frameBytes));
        for (int k = 0; k < samples.Length; k++)
        {
            if (!float.IsFinite(samples[k]))
                throw new AudioFormatException(Path, $"sample at frame {_framesRead + k / Channels}, channel {k % Channels + 1} is {(float.IsNaN(samples[k]) ? "NaN" : "Inf")} (not a number or infinite)");
        }
        samples.CopyTo(interleaved);
        int used = frames * frameBytes;
        Array.Copy(_bytes, used, _bytes, 0, _carry - used);
        _carry -= used;
        _framesRead += frames;
        return frames;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private void Finish()
    {
        _finished = true;
        _process.WaitForExit();
        if (_process.ExitCode != 0)
            throw new AudioFormatException(Path, $"ffmpeg could not decode it: {FirstLine(_stderr.Result)}");
        if (_carry != 0) throw new AudioFormatException(Path, "ffmpeg's output ended in the middle of a frame");
    }

    private readonly record struct ProbeResult(int SampleRateHz, int Channels, long? Frames);

    private static ProbeResult Probe(string path)
    {
        var start = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate,channels,duration", "-of", "json", path })
            start.ArgumentList.Add(arg);
        using var process = StartTool(start, path, "ffprobe");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new AudioFormatException(path, $"not an audio file ffmpeg can read: {FirstLine(stderr)}");
        using var json = JsonDocument.Parse(stdout.Result);
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new AudioFormatException(path, "not an audio file: no audio stream found");
        var stream = streams[0];
        string? codec = stream.TryGetProperty("codec_name", out var c) ? c.GetString() : null;
        if (string.IsNullOrEmpty(codec) || codec == "none") throw new AudioFormatException(path, "unsupported codec: ffmpeg has no decoder for its audio stream");
        int rate = stream.TryGetProperty("sample_rate", out var r) && int.TryParse(r.GetString(), CultureInfo.InvariantCulture, out int rr) ? rr : 0;
        int channels = stream.TryGetProperty("channels", out var ch) ? ch.GetInt32() : 0;
        if (rate <= 0 || channels <= 0) throw new AudioFormatException(path, $"unsupported codec '{codec}': ffprobe reports no sample rate or channel count");
        long? frames = stream.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            ? (long)Math.Round(seconds * rate) : null;
        return new ProbeResult(rate, channels, frames);
    }

    private static Process StartTool(ProcessStartInfo start, string path, string tool)
    {
        try
        {
            return Process.Start(start) ?? throw new AudioFormatException(path, $"could not start {tool}");
        }
        catch (Win32Exception)
        {
            throw new AudioFormatException(path, $"cannot decode this format: {tool} is not on PATH (install ffmpeg, e.g. apt-get install ffmpeg, or convert the file to WAV)");
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}

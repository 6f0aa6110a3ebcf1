using System.Diagnostics;
using AutoFoh.Audio;
using AutoFoh.Dsp.Analysis;
using AutoFoh.Dsp.Loudness;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace AutoFoh.Bench;

/// <summary>
/// Loudness analysis of a real 3-minute stereo 44.1 kHz song (Muldjord's "armygeddon", guitar + band summed,
/// decoded once to a float WAV), on one core, beside `ffmpeg -af ebur128=peak=true` on the same WAV in the
/// same run. Real-time multiple = song duration / mean time (docs/benchmarks.md).
/// Run: dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*AnalyzeVsFfmpeg*'
/// </summary>
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class AnalyzeVsFfmpegBenchmarks
{
    private string _wavPath = "";
    private float[] _samples = [];
    private int _sampleRateHz, _channels;

    [GlobalSetup]
    public void Setup()
    {
        // Pin to one core: the target is "300x real time on one core".
        if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1;
        string root = BenchData.Root;
        string song = Path.Combine(root, ".cache/songs/usr/share/games/fretsonfire/data/songs/muldjord/armygeddon");
        if (!File.Exists(Path.Combine(song, "guitar.ogg"))) throw new InvalidOperationException($"{song}: run scripts/install-deps.sh first");
        _wavPath = Path.Combine(Path.GetTempPath(), "autofoh-bench-armygeddon.wav");
        var mix = new MixReader(AudioFile.OpenRead(Path.Combine(song, "guitar.ogg")), AudioFile.OpenRead(Path.Combine(song, "song.ogg")));
        _sampleRateHz = mix.SampleRateHz;
        _channels = mix.Channels;
        var all = new List<float>();
        var block = new float[8192 * _channels];
        int frames;
        while ((frames = mix.Read(block)) > 0) all.AddRange(block.AsSpan(0, frames * _channels));
        mix.Dispose();
        _samples = all.ToArray();
        using var writer = new WavWriter(_wavPath, _sampleRateHz, _channels, WavSampleFormat.Float32);
        writer.Write(_samples);
        writer.Complete();
        Console.WriteLine($"// song: {_samples.Length / _channels / (double)_sampleRateHz:F1} s, {_channels} ch, {_sampleRateHz} Hz");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_wavPath);

    /// <summary>BS.1770-4 / R128 meter alone (momentary, short-term, integrated, LRA, true peak), samples in memory.</summary>
    [Benchmark(Baseline = true)]
    public double LoudnessMeterInMemory()
    {
        var meter = new LoudnessMeter(_sampleRateHz, _channels);
        meter.Process(_samples);
        return meter.IntegratedLufs + meter.LoudnessRangeLu + meter.TruePeakDbtp;
    }

    /// <summary>Everything `autofoh analyze` measures, reading the WAV from disk in blocks.</summary>
    [Benchmark]
    public double AnalyzeWavFromDisk()
    {
        using var reader = AudioFile.OpenRead(_wavPath);
        var analyzer = new SignalAnalyzer(reader.SampleRateHz, reader.Channels);
        var block = new float[8192 * reader.Channels];
        int frames;
        while ((frames = reader.Read(block)) > 0) analyzer.Process(block.AsSpan(0, frames * reader.Channels));
        return analyzer.Report().IntegratedLufs;
    }

    /// <summary>ffmpeg's ebur128 filter with true peak on the same WAV (process start included, as a user runs it).</summary>
    [Benchmark]
    public int FfmpegEbur128()
    {
        var start = new ProcessStartInfo("ffmpeg", ["-nostats", "-hide_banner", "-v", "error", "-threads", "1", "-i", _wavPath, "-af", "ebur128=peak=true", "-f", "null", "-"])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

}

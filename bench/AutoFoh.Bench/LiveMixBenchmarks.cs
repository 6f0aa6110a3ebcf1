using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Mixers;
using AutoFoh.LiveMix.Models;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The AiLive automixer's inference on one core (the targets in docs/benchmarks.md): one F2 decision (every 50 ms: RMS
/// conditioning, transformer encoders 2 and 3, the GRU step, the gain head) and one F1 embedding (every
/// 300 ms: the conv encoder on every channel's 96×64 patch and transformer encoder 1), with and without
/// the log-mel front end, for 8 and 16 channels; and the whole mixer on one second of 48 kHz audio
/// (resampling to 16 kHz, features, model, gains). The shipped models/alm.safetensors when present, else
/// an untrained model of the same size (same cost). Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*LiveMixBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LiveMixBenchmarks
{
    private AiLiveStreamer _streamer = null!;
    private AiLiveMixer _mixer = null!;
    private MixerGains _decided = null!;
    private readonly LogMelFrontEnd _frontEnd = new();
    private float[] _patches = [], _rms = [], _gains = [], _audio = [], _output = [];
    private float[][] _inputs = [];
    private int _start;

    [Params(8, 16)]
    public int Channels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        string shipped = Path.Combine(BenchData.Root, "models", "alm.safetensors");
        var model = File.Exists(shipped) ? LiveModels.LoadAiLive(shipped).Model : new AiLiveModel(AiLiveConfig.MultiRate, new Random(1));
        var random = new Random(2);
        _streamer = new AiLiveStreamer(model, Channels);
        _audio = Enumerable.Range(0, LogMelFrontEnd.FrameSamples).Select(n => (float)(0.1 * Math.Sin(n * 0.05) + 0.01 * random.NextDouble())).ToArray();
        _patches = new float[Channels * LogMelFrontEnd.Frames * LogMelFrontEnd.Bands];
        for (int c = 0; c < Channels; c++) _frontEnd.Compute(_audio, _patches.AsSpan(c * LogMelFrontEnd.Frames * LogMelFrontEnd.Bands, LogMelFrontEnd.Frames * LogMelFrontEnd.Bands));
        _rms = Enumerable.Range(0, Channels).Select(c => -30f + c).ToArray();
        _gains = new float[Channels];
        _streamer.Embed(_patches);
        _inputs = Enumerable.Range(0, Channels).Select(c => Enumerable.Range(0, 20 * 48000).Select(n => (float)(0.1 * Math.Sin(n * 0.01 * (c + 1)) + 0.01 * random.NextDouble())).ToArray()).ToArray();
        _mixer = new AiLiveMixer(model);
        _mixer.Prepare(48000, Channels, 128);
        _output = new float[128];
        _decided = new MixerGains(Channels, 128);
    }

    [Benchmark]
    public float DecisionF2()
    {
        _streamer.Step(_rms, _gains);
        return _gains[0];
    }

    [Benchmark]
    public void EmbeddingF1() => _streamer.Embed(_patches);

    [Benchmark]
    public void EmbeddingF1WithLogMel()
    {
        int size = LogMelFrontEnd.Frames * LogMelFrontEnd.Bands;
        for (int c = 0; c < Channels; c++) _frontEnd.Compute(_audio, _patches.AsSpan(c * size, size));
        _streamer.Embed(_patches);
    }

    /// <summary>One second of 48 kHz audio through the whole mixer in 128-sample blocks.</summary>
    [Benchmark]
    public float MixerOneSecondAt48k()
    {
        if (_start + 48000 > _inputs[0].Length) { _start = 0; _mixer.Reset(); }
        for (int b = 0; b < 48000 / 128; b++, _start += 128)
        {
            _mixer.Decide(_inputs, _start, 128, _decided);
            MixRunner.Mix(_inputs, _start, _decided, _mixer.Precision, _output);
        }
        return _output[0];
    }
}

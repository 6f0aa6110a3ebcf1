using AutoFoh.LiveMix.Mixers;
using AutoFoh.Realtime;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The real-time engine's audio thread (the targets in docs/benchmarks.md): one 128-frame block at 48 kHz (2.67 ms) for
/// 16, 32 and 64 channels, stereo out, every safety feature on: NaN guard, input metering, the worker's
/// ring, decisions, slew limit, mute and feedback faders, pan, Dugan envelopes. The worker runs unity gains
/// so it barely competes for the core. [MemoryDiagnoser] reports the bytes allocated per block (target 0).
/// <see cref="Stage"/>: false, the engine without the stage-safety stages (DC blocker, notches, output ceiling), as it
/// was before them; true, with the DC blocker, the output ceiling and four notches cutting on every channel.
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*EngineBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
[MinColumn, MedianColumn]   // on a shared VM the minimum is the code's own cost, the mean mostly the neighbours'
public class EngineBenchmarks : IDisposable
{
    private LiveEngine _engine = null!;
    private float[][] _music = [];
    private readonly float[] _left = new float[128], _right = new float[128];
    private int _at;

    [Params(16, 32, 64)]
    public int Channels { get; set; }

    [Params(false, true)]
    public bool Stage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _music = Enumerable.Range(0, Channels).Select(c => Enumerable.Range(0, 48000).Select(n => (float)(0.1 * Math.Sin(n * 0.01 * (c + 1)) + 0.01 * random.NextDouble())).ToArray()).ToArray();
        var safety = Stage ? new SafetySettings() : new SafetySettings { DcBlocker = false, OutputCeilingDbfs = null };
        _engine = new LiveEngine(new EngineSettings { SampleRateHz = 48000, Channels = Channels, Outputs = 2, MaxBlock = 128, Safety = safety }, () => new UnityMixer());
        if (Stage)
            for (int c = 0; c < Channels; c++)
                for (int slot = 0; slot < 4; slot++) _engine.Notches.Set(c, slot, 250 * (slot + 1) * Math.Pow(1.07, c % 12), -6 - 3 * slot);
        _engine.Start();
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _engine.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public float AudioThreadBlock128()
    {
        if (_at + 128 > 48000) _at = 0;
        for (int c = 0; c < Channels; c++) _music[c].AsSpan(_at, 128).CopyTo(_engine.Input(c));
        _engine.Process(128, _left, _right);
        _at += 128;
        return _left[0];
    }
}

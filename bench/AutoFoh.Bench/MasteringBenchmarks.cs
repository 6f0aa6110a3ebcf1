using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Parameters;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// One pass of the full mix chain (the target: at least 100× real time on one core): 8 stereo stems of
/// 3 minutes at 44.1 kHz, every strip unit active (high-pass, four EQ bands, compressor, saturation, gain,
/// pan, reverb send), the shared Freeverb, and the master (input gain, bus compressor, tilt EQ, width,
/// true-peak limiter doing real work). Also the two halves apart: the bus alone, and the master alone on a
/// fixed bus (what a solver re-runs). The stems are synthetic, busy from start to end (tones, noise, hits), so
/// no unit can take its silent fast path. Pinned to one core. Real-time multiple = 180 s / mean.
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*MasteringBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class MasteringBenchmarks
{
    public const int SampleRateHz = 44100;
    public const int Seconds = 180;
    private const int Stems = 8;
    private float[][][] _stems = [];
    private float[][] _bus = [];
    private MixParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        int frames = SampleRateHz * Seconds;
        _stems = [.. Enumerable.Range(0, Stems).Select(s => new[] { Stem(frames, s, 0), Stem(frames, s, 1) })];
        string[] names = ["drums", "bass", "guitar", "guitar2", "keys", "vocals", "pads", "fx"];
        var strips = names.Select((name, s) => new StripParameters(name,
            HighPassHz: 40 + 10 * s,
            Eq: [new EqBand(EqBandType.LowShelf, 120, 2 - s % 3), new EqBand(EqBandType.Peak, 400 + 50 * s, -3, 1.2), new EqBand(EqBandType.Peak, 2500, 2.5, 0.9), new EqBand(EqBandType.HighShelf, 9000, 1.5)],
            Compressor: new CompressorSettings(-24, 3, 6, 5, 120, 3),
            Saturation: new SaturationSettings(6, 0.3),
            GainDb: -6,
            Pan: -0.7 + 0.2 * s,
            ReverbSendDb: -14)).ToArray();
        var master = new MasterParameters(InputGainDb: 4, new CompressorSettings(-16, 2, 6, 20, 200, 1), new TiltEqSettings(1.5, 1000, 1, 80, -1, 12000), 1.15, new LimiterSettings());
        _parameters = new MixParameters(strips, ReverbSettings.Default, master);
        _bus = MixRenderer.RenderBus(_stems, SampleRateHz, _parameters);
    }

    /// <summary>A busy synthetic stem: a few partials of a per-stem pitch, noise, and hits every 250 ms.</summary>
    private static float[] Stem(int frames, int stem, int channel)
    {
        var random = new Random(1000 * stem + channel);
        var x = new float[frames];
        double f0 = 55 * Math.Pow(2, stem * 5 / 12.0);
        int period = SampleRateHz / 4;
        for (int n = 0; n < frames; n++)
        {
            double t = n / (double)SampleRateHz, hit = Math.Exp(-(n % period) / (0.03 * SampleRateHz));
            double tone = 0.3 * Math.Sin(2 * Math.PI * f0 * t) + 0.15 * Math.Sin(2 * Math.PI * 2 * f0 * t + channel) + 0.08 * Math.Sin(2 * Math.PI * 3 * f0 * t);
            x[n] = (float)(tone + 0.05 * (2 * random.NextDouble() - 1) + 0.4 * hit * (2 * random.NextDouble() - 1));
        }
        return x;
    }

    [Benchmark]
    public float FullChain()
    {
        var output = MixRenderer.Render(_stems, SampleRateHz, _parameters);
        return output[0][SampleRateHz];
    }

    [Benchmark]
    public float BusOnly() => MixRenderer.RenderBus(_stems, SampleRateHz, _parameters)[0][SampleRateHz];

    [Benchmark]
    public float MasterOnly() => MixRenderer.Master(_bus, SampleRateHz, _parameters.Master)[0][SampleRateHz];
}

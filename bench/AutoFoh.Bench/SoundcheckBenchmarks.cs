using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Reference;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The soundcheck coach's costs on one core, with four stems (drums, bass, guitar, vocals of the rendered
/// "pop-5" song, 44.1 kHz): advice for 30 consecutive one-second windows of live stems with a
/// <see cref="LiveAdvisor"/> made once (dominance, presence, reference model, smoothed policy and magnitude
/// search; per second = mean / 30) at three balances: the reference's own (advice is "stay"), the guitar
/// 20 dB too loud (one magnitude search per second), and every instrument off (drums +12, bass −12,
/// guitar +20, vocals −20 dB: four searches per second); and building a reference model from 4 minutes
/// (the 90 s song repeated), table and band networks with the held-out evaluation.
/// Needs `./autofoh songs render` first (the default cache). Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*SoundcheckBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SoundcheckBenchmarks
{
    private StemSet _thirtySeconds = null!, _fourMinutes = null!;
    private ReferenceModel _model = null!;
    private LiveAdvisor _advisor = null!;
    private float[][] _atReference = null!, _guitarLoud = null!, _allOff = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        var (samples, rate) = BenchData.PopFourStems();
        string[] keep = BenchData.FourInstruments;
        _thirtySeconds = new StemSet("pop-30s", keep, samples.Select(s => s[..(30 * rate)]).ToArray(), rate);
        _fourMinutes = new StemSet("pop-240s", keep, samples.Select(s => Enumerable.Repeat(s, 3).SelectMany(x => x).Take(240 * rate).ToArray()).ToArray(), rate);
        _model = ReferenceModel.Build(new StemSet("pop", keep, samples, rate));
        _advisor = new LiveAdvisor(_model);
        _atReference = _thirtySeconds.Samples.ToArray();
        _guitarLoud = WithGains(_atReference, [0, 0, 20, 0]);
        _allOff = WithGains(_atReference, [12, -12, 20, -20]);
    }

    [Benchmark]
    public int AdviceFor30SecondsAtTheReferenceBalance() => Advise(_atReference);

    [Benchmark]
    public int AdviceFor30SecondsGuitar20dBTooLoud() => Advise(_guitarLoud);

    [Benchmark]
    public int AdviceFor30SecondsEveryInstrumentOff() => Advise(_allOff);

    /// <summary>Advises 30 windows; returns how many pieces of advice were not "stay" (checked after the run).</summary>
    private int Advise(float[][] stems)
    {
        _advisor.Reset();
        int moves = 0;
        for (int t = 0; t < 30; t++)
            foreach (var advice in _advisor.Advise(stems, t * _advisor.HopSamples, t + 1))
                if (advice.Action != AdviceAction.Stay) moves++;
        return moves;
    }

    private static float[][] WithGains(float[][] stems, double[] gainsDb) =>
        stems.Select((s, i) => s.Select(v => v * (float)Math.Pow(10, gainsDb[i] / 20)).ToArray()).ToArray();

    [Benchmark]
    public double BuildReferenceFrom4MinutesOfFourStems() => ReferenceModel.Build(_fourMinutes).Config.TableTestMse;

}

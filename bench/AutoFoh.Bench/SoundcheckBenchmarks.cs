using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Reference;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The soundcheck coach's costs on one core, with four stems (drums, bass, guitar, vocals of the rendered
/// "pop-5" song, 44.1 kHz): advice for 30 seconds of live stems (dominance, presence, reference model,
/// smoothed policy and magnitude search; per second = mean / 30), and building a reference model from
/// 4 minutes (the 90 s song repeated), table and band networks with the held-out evaluation.
/// Needs `./autofoh songs render` first (the default cache). Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*SoundcheckBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SoundcheckBenchmarks
{
    private StemSet _thirtySeconds = null!, _fourMinutes = null!;
    private ReferenceModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        string root = Environment.GetEnvironmentVariable("AUTOFOH_ROOT") ?? FindRoot();
        var song = StemLoader.Load(Path.Combine(root, ".cache/rendered/pop-5-90s"));
        string[] keep = ["drums", "bass", "guitar", "vocals"];
        var samples = keep.Select(k => song.Samples[song.IndexOf(k)]).ToArray();
        _thirtySeconds = new StemSet("pop-30s", keep, samples.Select(s => s[..(30 * song.SampleRateHz)]).ToArray(), song.SampleRateHz);
        _fourMinutes = new StemSet("pop-240s", keep, samples.Select(s => Enumerable.Repeat(s, 3).SelectMany(x => x).Take(240 * song.SampleRateHz).ToArray()).ToArray(), song.SampleRateHz);
        _model = ReferenceModel.Build(new StemSet("pop", keep, samples, song.SampleRateHz));
    }

    [Benchmark]
    public int AdviceFor30SecondsOfFourStems() => new StemSoundcheck(_model).Run(_thirtySeconds).Count(a => a.Action != AdviceAction.Stay);

    [Benchmark]
    public double BuildReferenceFrom4MinutesOfFourStems() => ReferenceModel.Build(_fourMinutes).Config.TableTestMse;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}

using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The live coach on one core, 48 kHz, four instruments (drums, bass, guitar, vocals of
/// the rendered "pop-5" song, resampled): learning from four 10 s line checks (placing them in the
/// reference, the transfers, the self-test at ±6/±12 dB, the solo-take advice), and advising from one
/// second of the room microphone (following the song, fitting the levels, a magnitude estimate for every
/// instrument). The line check is the song at 20 s, the microphone the band's sum from 40 s on. Needs
/// `./autofoh songs render` first. Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*CoachBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CoachBenchmarks
{
    private const int Rate = 48000;
    private ReferenceModel _model = null!;
    private LineCheckTakes _takes = null!;
    private LiveCoach _coach = null!;
    private float[] _mic = null!;
    private int _second;

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        var (stems, _) = BenchData.PopFourStems(Rate);
        string[] keep = BenchData.FourInstruments;
        _model = SoundcheckService.Default.BuildReference(new StemSet("pop-48k", keep, stems, Rate));
        _takes = new LineCheckTakes(keep, stems.Select(s => s.AsSpan(20 * Rate, 10 * Rate).ToArray().Select(v => 0.5f * v).ToArray()).ToArray(), Rate);
        _mic = new float[40 * Rate];
        foreach (var s in stems)
            for (int k = 0; k < _mic.Length; k++) _mic[k] += 0.5f * s[40 * Rate + k];
        _coach = SoundcheckService.Default.Coach(_model, _takes);
        for (int t = 0; t < 5; t++) _coach.Advise(_mic.AsSpan(t * Rate, Rate), t + 1);
        _second = 5;
    }

    [Benchmark]
    public int LearnFromFourTenSecondLineChecks() => SoundcheckService.Default.Coach(_model, _takes).SelfTest.Count(r => r.Trackable);

    [Benchmark]
    public int AdviseFromOneSecondOfTheMicrophone()
    {
        if (_second >= 40) _second = 5;
        var advice = _coach.Advise(_mic.AsSpan(_second * Rate, Rate), ++_second);
        return advice.Length;
    }

}

using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Separation;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The coach's separation cost on one core: separating one second of 48 kHz microphone audio into 4 instruments
/// and analysing it (the mic's one-second spectrum, the separator, the dominance of the estimates), per
/// separator; and learning a separator from four 10 s line checks. Audio: the rendered "pop-5" song's
/// drums, bass, guitar and vocals resampled to 48 kHz, line checks from its first 10 s, the live second
/// their sum at 40 s. Needs `./autofoh songs render` first. Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*SeparationBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SeparationBenchmarks
{
    private const int Rate = 48000;
    private float[][] _takes = null!;
    private float[] _live = null!;
    private string[] _instruments = null!;
    private ISpectralSeparator _separator = null!;
    private PerceptualDominance _mic = null!, _analysis = null!;
    private float[][] _estimates = null!;
    private readonly float[] _shares = new float[24 * 4];

    [Params("tracking", "nmf", "ltas")]
    public string Method { get; set; } = "tracking";

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        _instruments = BenchData.FourInstruments;
        var (stems, _) = BenchData.PopFourStems(Rate);
        _takes = stems.Select(s => s[..(10 * Rate)]).ToArray();
        _live = new float[Rate];
        foreach (var s in stems)
            for (int k = 0; k < Rate; k++) _live[k] += s[40 * Rate + k];
        _separator = SeparatorCatalog.Create(Method, _instruments, _takes, Rate, Rate);
        _mic = new PerceptualDominance(Rate, 1);
        _analysis = new PerceptualDominance(Rate, 4);
        _estimates = _instruments.Select(_ => new float[Rate / 2 + 1]).ToArray();
    }

    [Benchmark]
    public float SeparateAndAnalyseOneSecond()
    {
        _mic.LoadMagnitudes(0, _live);
        _separator.Separate(_live, _mic.Magnitudes(0), _estimates);
        for (int i = 0; i < 4; i++) _analysis.SetMagnitudes(i, _estimates[i]);
        _analysis.SharesFromMagnitudes(_shares);
        return _shares[0];
    }

    [Benchmark]
    public int LearnFromFourTenSecondLineChecks() => SeparatorCatalog.Create(Method, _instruments, _takes, Rate, Rate).Instruments.Count;

}

using AutoFoh.Dsp.Transforms;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// One real FFT's magnitudes (window applied inside) at the sizes the project uses: SoLAR's one-second
/// windows at 44.1 and 48 kHz, a power of two of similar size, and a short STFT frame. Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*FftBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FftBenchmarks
{
    private RealFft _fft = null!;
    private float[] _signal = null!, _window = null!, _magnitude = null!;

    [Params(1024, 32768, 44100, 48000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        _fft = new RealFft(Size);
        var random = new Random(1);
        _signal = Enumerable.Range(0, Size).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        _window = Enumerable.Range(0, Size).Select(n => (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / Size))).ToArray();
        _magnitude = new float[_fft.BinCount];
    }

    [Benchmark]
    public float WindowedMagnitude()
    {
        _fft.ForwardMagnitude(_signal, _window, _magnitude);
        return _magnitude[1];
    }
}

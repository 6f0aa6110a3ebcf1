using AutoFoh.Dsp.Processing;
using BenchmarkDotNet.Attributes;

namespace AutoFoh.Bench;

/// <summary>
/// The live engine's stage-safety stages alone, one 128-frame block at 48 kHz of 32 channels each: the DC blocker, the
/// notch bank with four notches cutting on every channel, and the output ceiling on the stereo mix (driven into it).
/// dotnet run -c Release --project bench/AutoFoh.Bench -- --filter '*SafetyStageBenchmarks*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class SafetyStageBenchmarks
{
    private const int Channels = 32, Frames = 128;
    private readonly float[][] _block = Enumerable.Range(0, Channels).Select(c => Enumerable.Range(0, Frames).Select(n => (float)(0.1 * Math.Sin(n * 0.01 * (c + 1)))).ToArray()).ToArray();
    private readonly float[] _left = Enumerable.Range(0, Frames).Select(n => (float)(3 * Math.Sin(n * 0.05))).ToArray();
    private readonly float[] _right = Enumerable.Range(0, Frames).Select(n => (float)(2 * Math.Sin(n * 0.07))).ToArray();
    private readonly DcBlocker _dc = new(Channels, 48000);
    private readonly NotchBank _notches = new(Channels, 48000);
    private readonly OutputCeiling _ceiling = new(48000);

    [GlobalSetup]
    public void Setup()
    {
        for (int c = 0; c < Channels; c++)
            for (int slot = 0; slot < 4; slot++) _notches.Set(c, slot, 250 * (slot + 1) * Math.Pow(1.07, c % 12), -6 - 3 * slot);
        for (int b = 0; b < 100; b++) _notches.Process(_block, Frames);   // the notches in at full depth
    }

    [Benchmark]
    public float DcBlocker32()
    {
        _dc.Process(_block, Frames);
        return _block[0][0];
    }

    [Benchmark]
    public float Notches32x4()
    {
        _notches.Process(_block, Frames);
        return _block[0][0];
    }

    [Benchmark]
    public float CeilingStereo()
    {
        _ceiling.Process(_left, _right);
        return _left[0];
    }
}

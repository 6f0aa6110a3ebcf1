using System.Runtime.CompilerServices;
using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;
namespace AutoFoh.Testing.Jack;

/// <summary>
/// A JACK client's processor that records its first input port into <see cref="Recorded"/>, indexed by a
/// sample clock that has already counted this cycle's frames (<paramref name="clock"/>: the engine's
/// position, the recorder being connected after the engine so it runs after it in each cycle), and keeps
/// a running check of everything it heard: non-finite samples and the peak. With a length of 0 it only
/// checks (a soak).
/// </summary>
public sealed unsafe class PortRecorder(int length, Func<long> clock) : IJackProcessor
{
    private long _nonFinite, _frames;
    private float _peak;

    public float[] Recorded { get; } = new float[length];
    public long NonFiniteSamples => Interlocked.Read(ref _nonFinite);
    public long FramesHeard => Interlocked.Read(ref _frames);
    /// <summary>Largest |sample| heard (a float write is atomic).</summary>
    public float Peak => _peak;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // audio thread: optimized at the first call, never recompiled (tiering or OSR would stall it mid-show)
    public void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs)
    {
        long start = clock() - frames;
        var port = new ReadOnlySpan<float>((float*)inputs[0], frames);
        long bad = 0;
        float peak = _peak;
        for (int n = 0; n < frames; n++)
        {
            float x = port[n];
            if (!float.IsFinite(x)) bad++;
            else if (Math.Abs(x) > peak) peak = Math.Abs(x);
            long at = start + n;
            if (at >= 0 && at < Recorded.Length) Recorded[at] = x;
        }
        _peak = peak;
        if (bad > 0) Interlocked.Add(ref _nonFinite, bad);
        Interlocked.Add(ref _frames, frames);
    }
}

using System.Runtime.CompilerServices;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Realtime;

/// <summary>
/// The worker's gain decisions on their way to the audio thread: a lock-free single-producer single-consumer
/// queue of (sample the gains take effect at, one gain per channel in dB), every slot allocated up front.
/// The audio thread peeks at the oldest decision and takes it when its sample comes; it never waits.
/// </summary>
public sealed class GainQueue
{
    private readonly float[][] _gains;
    private readonly long[] _effective;
    private readonly int _mask;
    private long _head, _tail;   // _tail: next to write (worker); _head: next to read (audio thread)

    public GainQueue(int channels, int capacityPowerOfTwo = 64)
    {
        if ((capacityPowerOfTwo & (capacityPowerOfTwo - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(capacityPowerOfTwo));
        _gains = Enumerable.Range(0, capacityPowerOfTwo).Select(_ => new float[channels]).ToArray();
        _effective = new long[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    /// <summary>Worker: queues gains taking effect at <paramref name="effectiveSample"/>; false when the audio thread has not kept up.</summary>
    public bool TryPublish(long effectiveSample, ReadOnlySpan<float> gainsDb)
    {
        long tail = _tail;
        if (tail - Volatile.Read(ref _head) >= _gains.Length) return false;
        int slot = (int)(tail & _mask);
        gainsDb.CopyTo(_gains[slot]);
        _effective[slot] = effectiveSample;
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }

    /// <summary>Audio thread: the oldest decision's effective sample, or false when none is queued.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public bool TryPeek(out long effectiveSample)
    {
        long head = _head;
        if (head == Volatile.Read(ref _tail)) { effectiveSample = 0; return false; }
        effectiveSample = _effective[(int)(head & _mask)];
        return true;
    }

    /// <summary>Audio thread: copies the oldest decision's gains out and drops it.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Take(Span<float> gainsDb)
    {
        long head = _head;
        _gains[(int)(head & _mask)].AsSpan().CopyTo(gainsDb);
        Volatile.Write(ref _head, head + 1);
    }

    /// <summary>Audio thread: drops everything queued (a reset).</summary>
    public void Clear() => Volatile.Write(ref _head, Volatile.Read(ref _tail));
}

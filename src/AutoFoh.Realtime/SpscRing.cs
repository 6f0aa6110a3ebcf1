using System.Runtime.CompilerServices;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Realtime;

/// <summary>
/// A lock-free single-producer single-consumer ring of floats (one writer thread, one reader thread),
/// allocated once. The writer never blocks: when the reader has fallen behind, <see cref="Write"/> writes
/// nothing and returns false (the caller counts an overrun). Positions are 64-bit counters published with
/// release/acquire semantics (Volatile), so a reader never sees a position before the data behind it.
/// </summary>
public sealed class SpscRing
{
    private readonly float[] _buffer;
    private readonly int _mask;
    private long _written, _read;

    public SpscRing(int capacityPowerOfTwo)
    {
        if (capacityPowerOfTwo <= 0 || (capacityPowerOfTwo & (capacityPowerOfTwo - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacityPowerOfTwo), capacityPowerOfTwo, "capacity must be a power of two");
        _buffer = new float[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
    }

    public int Capacity => _buffer.Length;
    public long Written => Volatile.Read(ref _written);
    public int Available => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Writer side: appends all of <paramref name="data"/> or nothing.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public bool Write(ReadOnlySpan<float> data)
    {
        long written = _written, read = Volatile.Read(ref _read);
        if (written + data.Length - read > _buffer.Length) return false;
        int at = (int)(written & _mask), first = Math.Min(data.Length, _buffer.Length - at);
        data[..first].CopyTo(_buffer.AsSpan(at));
        data[first..].CopyTo(_buffer);
        Volatile.Write(ref _written, written + data.Length);
        return true;
    }

    /// <summary>Reader side: copies exactly <paramref name="destination"/>.Length floats if that many are there.</summary>
    public bool Read(Span<float> destination)
    {
        long read = _read, written = Volatile.Read(ref _written);
        if (written - read < destination.Length) return false;
        int at = (int)(read & _mask), first = Math.Min(destination.Length, _buffer.Length - at);
        _buffer.AsSpan(at, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
        Volatile.Write(ref _read, read + destination.Length);
        return true;
    }
}

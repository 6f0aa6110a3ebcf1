using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Minimum of the last <see cref="WindowLength"/> values pushed, in amortised O(1) per value: a monotone
/// queue (Lemire's "ascending minima") of the values that can still become the minimum, each with the
/// index it was pushed at. Ring buffers allocated once; nothing allocated per value. A struct, so a hot
/// loop can hold it in registers (copy it to a local, push, copy it back).
/// </summary>
internal struct SlidingMinimum
{
    private readonly float[] _values;
    private readonly int[] _indices;
    private int _head, _count, _pushed;

    public SlidingMinimum(int windowLength)
    {
        if (windowLength <= 0) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "window must hold at least one value");
        WindowLength = windowLength;
        // A window's worth of candidates plus the one being pushed before the oldest leaves.
        _values = new float[windowLength + 1];
        _indices = new int[windowLength + 1];
    }

    public int WindowLength { get; }

    /// <summary>The minimum of the current window.</summary>
    public readonly float Minimum => _values[_head];

    /// <summary>Starts over with a window full of <paramref name="value"/>.</summary>
    public void Reset(float value)
    {
        _head = 0;
        _count = 1;
        _values[0] = value;
        _indices[0] = 0;
        _pushed = 1;
    }

    /// <summary>Adds <paramref name="value"/> and returns the minimum of the window that ends with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Push(float value)
    {
        var values = _values;
        var indices = _indices;
        int capacity = values.Length, head = _head, count = _count;
        // Drop from the back every value that is not smaller than the new one: it can never be the minimum again.
        int back = head + count - 1;
        if (back >= capacity) back -= capacity;
        while (count > 0 && values[back] >= value)
        {
            count--;
            back = back == 0 ? capacity - 1 : back - 1;
        }
        int slot = back + 1 == capacity ? 0 : back + 1;
        values[slot] = value;
        indices[slot] = _pushed;
        count++;
        // Drop the front once it has left the window.
        if (indices[head] <= _pushed - WindowLength)
        {
            head = head + 1 == capacity ? 0 : head + 1;
            count--;
        }
        _pushed++;
        if (_pushed == int.MaxValue) Renumber(ref head, count);
        _head = head;
        _count = count;
        return values[head];
    }

    /// <summary>Keeps the push counter from overflowing on very long streams (it only matters relative to the window).</summary>
    private void Renumber(ref int head, int count)
    {
        int shift = _pushed - 2 * WindowLength;
        for (int k = 0, slot = head; k < count; k++, slot = slot + 1 == _values.Length ? 0 : slot + 1) _indices[slot] -= shift;
        _pushed -= shift;
    }
}

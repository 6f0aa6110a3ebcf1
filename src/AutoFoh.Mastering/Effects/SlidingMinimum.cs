namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Minimum of the last <see cref="WindowLength"/> values pushed, in amortised O(1) per value: a monotone
/// queue (Lemire's "ascending minima") of the values that can still become the minimum, each with the
/// index it was pushed at. Ring buffers allocated once; nothing allocated per value.
/// </summary>
internal sealed class SlidingMinimum
{
    private readonly float[] _values;
    private readonly long[] _indices;
    private int _head, _count;
    private long _pushed;

    public SlidingMinimum(int windowLength)
    {
        if (windowLength <= 0) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "window must hold at least one value");
        WindowLength = windowLength;
        // A window's worth of candidates plus the one being pushed before the oldest leaves.
        _values = new float[windowLength + 1];
        _indices = new long[windowLength + 1];
    }

    public int WindowLength { get; }

    /// <summary>The minimum of the current window.</summary>
    public float Minimum => _values[_head];

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
    public float Push(float value)
    {
        int capacity = _values.Length;
        // Drop from the back every value that is not smaller than the new one: it can never be the minimum again.
        while (_count > 0)
        {
            int back = _head + _count - 1;
            if (back >= capacity) back -= capacity;
            if (_values[back] < value) break;
            _count--;
        }
        int slot = _head + _count;
        if (slot >= capacity) slot -= capacity;
        _values[slot] = value;
        _indices[slot] = _pushed;
        _count++;
        // Drop the front once it has left the window.
        if (_indices[_head] <= _pushed - WindowLength)
        {
            _head = _head + 1 == capacity ? 0 : _head + 1;
            _count--;
        }
        _pushed++;
        return _values[_head];
    }
}

using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Running mean of the last <see cref="Length"/> gains (values in [0, 1]), in O(1) per value. The values are
/// held in fixed point (2⁻³⁰, rounded down, so the mean never comes out above the true one) and summed in
/// integers: the running sum is exact however long it runs, and a window of ones reads exactly 1. A struct,
/// so a hot loop can hold it in registers (copy it to a local, push, copy it back).
/// </summary>
internal struct MovingAverage
{
    private const float One = 1 << 30;
    private readonly int[] _ring;
    private readonly long _full;
    private readonly double _scale;
    private int _index;
    private long _sum;

    public MovingAverage(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "an average needs at least one value");
        _ring = new int[length];
        _full = (long)length << 30;
        _scale = 1.0 / _full;
        Reset();
    }

    public readonly int Length => _ring.Length;

    /// <summary>Whether every value in the window is 1.</summary>
    public readonly bool AllOnes => _sum == _full;

    public void Reset()
    {
        Array.Fill(_ring, 1 << 30);
        _index = 0;
        _sum = _full;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Push(float value)
    {
        var ring = _ring;
        int index = _index;
        int fixedPoint = (int)(value * One); // truncation: rounds down for values in [0, 1]
        _sum += fixedPoint - ring[index];
        ring[index] = fixedPoint;
        _index = index + 1 == ring.Length ? 0 : index + 1;
        return _sum == _full ? 1f : (float)(_sum * _scale);
    }
}

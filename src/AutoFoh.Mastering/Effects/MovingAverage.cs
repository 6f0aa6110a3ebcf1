using System.Runtime.CompilerServices;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Running mean of the last <see cref="Length"/> gains (values in [0, 1]), in O(1) per value. A window of
/// ones reads exactly 1 (the running sum is reset then, so no rounding lingers after a gain reduction).
/// A struct, so a hot loop can hold it in registers (copy it to a local, push, copy it back).
/// </summary>
internal struct MovingAverage
{
    private readonly float[] _ring;
    private readonly double _inverseLength;
    private int _index, _belowOne;
    private double _sum;

    public MovingAverage(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "an average needs at least one value");
        _ring = new float[length];
        _inverseLength = 1.0 / length;
        Reset();
    }

    public readonly int Length => _ring.Length;

    /// <summary>Whether every value in the window is 1.</summary>
    public readonly bool AllOnes => _belowOne == 0;

    public void Reset()
    {
        Array.Fill(_ring, 1f);
        _index = 0;
        _belowOne = 0;
        _sum = _ring.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Push(float value)
    {
        var ring = _ring;
        int index = _index;
        float leaving = ring[index];
        ring[index] = value;
        _index = index + 1 == ring.Length ? 0 : index + 1;
        _belowOne += (value < 1 ? 1 : 0) - (leaving < 1 ? 1 : 0);
        if (_belowOne == 0)
        {
            _sum = ring.Length;
            return 1;
        }
        _sum += value - (double)leaving;
        return (float)(_sum * _inverseLength);
    }
}

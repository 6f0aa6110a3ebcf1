namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Running mean of the last <see cref="Length"/> gains (values in [0, 1]), in O(1) per value. A window of
/// ones reads exactly 1 (the running sum is reset then, so no rounding lingers after a gain reduction).
/// </summary>
internal sealed class MovingAverage
{
    private readonly float[] _ring;
    private int _index, _belowOne;
    private double _sum;

    public MovingAverage(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "an average needs at least one value");
        _ring = new float[length];
        Reset();
    }

    public int Length => _ring.Length;

    /// <summary>Whether every value in the window is 1.</summary>
    public bool AllOnes => _belowOne == 0;

    public void Reset()
    {
        Array.Fill(_ring, 1f);
        _index = 0;
        _belowOne = 0;
        _sum = _ring.Length;
    }

    public float Push(float value)
    {
        float leaving = _ring[_index];
        _ring[_index] = value;
        if (++_index == _ring.Length) _index = 0;
        _belowOne += (value < 1 ? 1 : 0) - (leaving < 1 ? 1 : 0);
        if (_belowOne == 0)
        {
            _sum = _ring.Length;
            return 1;
        }
        _sum += value - (double)leaving;
        return (float)(_sum / _ring.Length);
    }
}

using System.Runtime.CompilerServices;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Freeverb's all-pass (Jezar's allpass.hpp, feedback 0.5): out = buffer[i] − in; buffer[i] = in + buffer[i]·0.5.
/// (Strictly an all-pass only for feedback 0.5 with this sign convention; it diffuses the combs' echoes.)
/// </summary>
internal struct FreeverbAllPass(int lengthSamples)
{
    private const float Feedback = 0.5f;
    private readonly float[] _buffer = new float[lengthSamples];
    private int _index;

    public readonly int LengthSamples => _buffer.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Process(float input)
    {
        float delayed = _buffer[_index];
        _buffer[_index] = input + delayed * Feedback;
        if (++_index == _buffer.Length) _index = 0;
        return delayed - input;
    }

    public void Reset()
    {
        Array.Clear(_buffer);
        _index = 0;
    }
}

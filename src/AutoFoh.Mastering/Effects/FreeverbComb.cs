using System.Runtime.CompilerServices;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Freeverb's lowpass-feedback comb (Jezar's comb.hpp): out = buffer[i]; store = out·(1 − damp) + store·damp;
/// buffer[i] = in + store·feedback. The one-pole lowpass in the loop makes high frequencies die first.
/// </summary>
internal struct FreeverbComb(int lengthSamples)
{
    private readonly float[] _buffer = new float[lengthSamples];
    private int _index;
    private float _store;

    public readonly int LengthSamples => _buffer.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Process(float input, float feedback, float damp, float undamped)
    {
        float output = _buffer[_index];
        _store = output * undamped + _store * damp;
        _buffer[_index] = input + _store * feedback;
        if (++_index == _buffer.Length) _index = 0;
        return output;
    }

    public void Reset()
    {
        Array.Clear(_buffer);
        _index = 0;
        _store = 0;
    }
}

using System.Runtime.CompilerServices;
using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// Channels summed into a mono or stereo bus: on a stereo bus each channel is placed by the constant-power pan
/// law (<see cref="ConstantPowerPan.MonoGains"/>); a mono bus takes every channel whole. Allocates in the
/// constructor only.
/// </summary>
public sealed class PannedBus
{
    private readonly float[] _left, _right;

    public PannedBus(int channels, int outputs)
    {
        if (outputs is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "a bus is mono (1) or stereo (2)");
        Outputs = outputs;
        _left = new float[channels];
        _right = new float[channels];
    }

    /// <summary>1 (mono) or 2 (stereo).</summary>
    public int Outputs { get; }

    /// <summary>Places <paramref name="channel"/> at <paramref name="pan"/>, −1 (left) .. +1 (right).</summary>
    public void SetPan(int channel, float pan)
    {
        var (left, right) = ConstantPowerPan.MonoGains(pan);
        _left[channel] = Outputs == 2 ? left : 1;
        _right[channel] = right;
    }

    /// <summary>Adds <paramref name="sample"/> of <paramref name="channel"/> to the bus's sums (the right one is unused on a mono bus).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int channel, float sample, ref float left, ref float right)
    {
        left += sample * _left[channel];
        right += sample * _right[channel];
    }
}

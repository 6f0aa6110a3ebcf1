using System.Numerics.Tensors;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// Constant-power pan, −1 (left) .. +1 (right), θ = (pan + 1)·π/4.
/// A mono source goes to L = cos θ·x, R = sin θ·x: the power L² + R² is x² at every position, so the centre
/// is −3.01 dB each side. A stereo source is balanced: g_L = min(1, √2·cos θ), g_R = min(1, √2·sin θ), so the
/// centre leaves both channels untouched and a hard pan silences the other side.
/// </summary>
public sealed class ConstantPowerPan
{
    public ConstantPowerPan(double pan, int inputChannels)
    {
        if (!(pan is >= -1 and <= 1)) throw new ArgumentOutOfRangeException(nameof(pan), pan, "pan must lie between -1 (left) and +1 (right)");
        if (inputChannels is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, "a pan takes a mono or a stereo source");
        Pan = pan;
        InputChannels = inputChannels;
        (LeftGain, RightGain) = Gains(pan, inputChannels);
    }

    public double Pan { get; }
    public int InputChannels { get; }
    public double LeftGain { get; }
    public double RightGain { get; }

    /// <summary>The two channel gains of the law at <paramref name="pan"/> for a mono (1) or stereo (2) source.</summary>
    public static (double Left, double Right) Gains(double pan, int inputChannels)
    {
        double theta = (pan + 1) * Math.PI / 4;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        return inputChannels == 1 ? (cos, sin) : (Math.Min(1, Math.Sqrt(2) * cos), Math.Min(1, Math.Sqrt(2) * sin));
    }

    /// <summary>
    /// Adds the panned source times <paramref name="gain"/> to <paramref name="outLeft"/> and
    /// <paramref name="outRight"/>; a mono source passes an empty <paramref name="right"/>.
    /// </summary>
    public void MixInto(ReadOnlySpan<float> left, ReadOnlySpan<float> right, double gain, Span<float> outLeft, Span<float> outRight)
    {
        var sourceRight = InputChannels == 1 ? left : right;
        TensorPrimitives.MultiplyAdd(left, (float)(gain * LeftGain), outLeft[..left.Length], outLeft[..left.Length]);
        TensorPrimitives.MultiplyAdd(sourceRight, (float)(gain * RightGain), outRight[..left.Length], outRight[..left.Length]);
    }
}

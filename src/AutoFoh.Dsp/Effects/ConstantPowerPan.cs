using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// Constant-power pan, −1 (left) .. +1 (right), θ = (pan + 1)·π/4.
/// A mono source goes to L = cos θ·x, R = sin θ·x: the power L² + R² is x² at every position, so the centre
/// is −3.01 dB each side. A stereo source is balanced: g_L = min(1, √2·cos θ), g_R = min(1, √2·sin θ), so the
/// centre leaves both channels untouched and a hard pan silences the other side. The mastering chain applies the
/// law in double (<see cref="Gains"/>), the live engine in float (<see cref="MonoGains"/>).
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
    /// The mono law in single precision, (cos θ, sin θ), as the live engine computes it for each channel once a
    /// block (<see cref="Processing.PannedBus"/>).
    /// </summary>
    public static (float Left, float Right) MonoGains(float pan)
    {
        float theta = (pan + 1) * MathF.PI / 4;
        return (MathF.Cos(theta), MathF.Sin(theta));
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

    /// <summary>
    /// <see cref="MixInto(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float}, Span{float})"/> into the mix
    /// and, <paramref name="sendGain"/> further down, into a send, in one pass over the source.
    /// </summary>
    public void MixInto(ReadOnlySpan<float> left, ReadOnlySpan<float> right, double gain, Span<float> outLeft, Span<float> outRight,
        double sendGain, Span<float> sendLeft, Span<float> sendRight)
    {
        var sourceRight = InputChannels == 1 ? left : right;
        int frames = left.Length;
        float gl = (float)(gain * LeftGain), gr = (float)(gain * RightGain);
        float sl = (float)(gain * sendGain * LeftGain), sr = (float)(gain * sendGain * RightGain);
        outLeft = outLeft[..frames];
        outRight = outRight[..frames];
        sendLeft = sendLeft[..frames];
        sendRight = sendRight[..frames];
        sourceRight = sourceRight[..frames];
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vgl = Vector256.Create(gl);
            var vgr = Vector256.Create(gr);
            var vsl = Vector256.Create(sl);
            var vsr = Vector256.Create(sr);
            for (; n + 8 <= frames; n += 8)
            {
                var x = Vector256.Create(left.Slice(n, 8));
                var y = Vector256.Create(sourceRight.Slice(n, 8));
                Vector256.FusedMultiplyAdd(x, vgl, Vector256.Create(outLeft.Slice(n, 8))).CopyTo(outLeft.Slice(n, 8));
                Vector256.FusedMultiplyAdd(y, vgr, Vector256.Create(outRight.Slice(n, 8))).CopyTo(outRight.Slice(n, 8));
                Vector256.FusedMultiplyAdd(x, vsl, Vector256.Create(sendLeft.Slice(n, 8))).CopyTo(sendLeft.Slice(n, 8));
                Vector256.FusedMultiplyAdd(y, vsr, Vector256.Create(sendRight.Slice(n, 8))).CopyTo(sendRight.Slice(n, 8));
            }
        }
        for (; n < frames; n++)
        {
            outLeft[n] = MathF.FusedMultiplyAdd(left[n], gl, outLeft[n]);
            outRight[n] = MathF.FusedMultiplyAdd(sourceRight[n], gr, outRight[n]);
            sendLeft[n] = MathF.FusedMultiplyAdd(left[n], sl, sendLeft[n]);
            sendRight[n] = MathF.FusedMultiplyAdd(sourceRight[n], sr, sendRight[n]);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// M/S width: mid = (L+R)/2, side = (L−R)/2·width, L = mid + side, R = mid − side. The mid is untouched, so
/// ms_ratio = RMS(side)/RMS(mid) is multiplied by exactly <see cref="Width"/>: 1 leaves the image, 0 is mono.
/// Written as L' = a·L + b·R, R' = b·L + a·R with a = (1 + width)/2, b = (1 − width)/2.
/// </summary>
public sealed class MidSideWidth
{
    public MidSideWidth(double width)
    {
        if (!(width is >= 0 and <= 4)) throw new ArgumentOutOfRangeException(nameof(width), width, "width (the side gain) must lie between 0 and 4");
        Width = width;
    }

    public double Width { get; }

    public bool IsActive => Width != 1;

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "every effect unit has Prepare and Reset, whether or not it keeps state")]
    public void Prepare(int sampleRateHz, int maxBlockFrames) { }

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "every effect unit has Prepare and Reset, whether or not it keeps state")]
    public void Reset() { }

    /// <summary>Widens in place (a mono signal has no side and passes unchanged).</summary>
    public void Process(Span<float> left, Span<float> right)
    {
        if (!IsActive || right.IsEmpty) return;
        right = right[..left.Length];
        float a = (float)((1 + Width) / 2), b = (float)((1 - Width) / 2);
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float l = ref MemoryMarshal.GetReference(left);
            ref float r = ref MemoryMarshal.GetReference(right);
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (; n + 8 <= left.Length; n += 8)
            {
                var x = Vector256.LoadUnsafe(ref l, (nuint)n);
                var y = Vector256.LoadUnsafe(ref r, (nuint)n);
                (va * x + vb * y).StoreUnsafe(ref l, (nuint)n);
                (vb * x + va * y).StoreUnsafe(ref r, (nuint)n);
            }
        }
        for (; n < left.Length; n++)
        {
            float x = left[n], y = right[n];
            left[n] = a * x + b * y;
            right[n] = b * x + a * y;
        }
    }
}

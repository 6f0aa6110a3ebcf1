using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Effects;

/// <summary>
/// exp2, log2 and tanh of eight floats at a time, for the per-sample dB conversions of the compressor and the
/// saturator's curve; a few times cheaper than the general-purpose vector functions and accurate to about
/// 2·10⁻⁷ relative (tested against <see cref="Math"/>), i.e. 10⁻⁶ dB.
/// <list type="bullet">
/// <item>exp2(y): y = i + f with i = round(y), |f| ≤ ½; 2^f by its Taylor series to f⁷ (truncation under 10⁻⁸);
/// 2^i added into the exponent bits. Inputs are clamped to [−125, 126].</item>
/// <item>log2(x), x ≥ 2⁻¹²⁶: x = 2^e·m with m in [√½, √2); ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172, by its
/// series to t⁹ (truncation under 10⁻⁹).</item>
/// <item>tanh(u) = sign(u)·(1 − 2/(1 + e^{2|u|})), through exp2.</item>
/// </list>
/// </summary>
public static class FastMath
{
    private const float Ln2 = 0.693147180559945f;
    private const float Log2E = 1.44269504088896f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp2(Vector256<float> y)
    {
        y = Vector256.MinNative(Vector256.MaxNative(y, Vector256.Create(-125f)), Vector256.Create(126f));
        var i = Vector256.Round(y);
        var f = (y - i) * Vector256.Create(Ln2);
        // e^f, Horner from f⁷/7!.
        var p = Vector256.Create(1f / 5040);
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f / 720));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f / 120));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f / 24));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f / 6));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(0.5f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1f));
        var exponent = Vector256.ConvertToInt32(i) << 23;
        return (p.AsInt32() + exponent).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Log2(Vector256<float> x)
    {
        var bits = x.AsInt32();
        var exponent = (bits >>> 23) - Vector256.Create(127);
        var m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F800000)).AsSingle(); // [1, 2)
        var above = Vector256.GreaterThan(m, Vector256.Create(1.41421356f));
        m = Vector256.ConditionalSelect(above, m * 0.5f, m);
        exponent -= above.AsInt32(); // true is −1: one more power of two
        var t = (m - Vector256.Create(1f)) / (m + Vector256.Create(1f));
        var t2 = t * t;
        var s = Vector256.Create(1f / 9);
        s = Vector256.FusedMultiplyAdd(s, t2, Vector256.Create(1f / 7));
        s = Vector256.FusedMultiplyAdd(s, t2, Vector256.Create(1f / 5));
        s = Vector256.FusedMultiplyAdd(s, t2, Vector256.Create(1f / 3));
        s = Vector256.FusedMultiplyAdd(s, t2, Vector256.Create(1f));
        var lnM = Vector256.Create(2f) * t * s;
        return Vector256.FusedMultiplyAdd(lnM, Vector256.Create(Log2E), Vector256.ConvertToSingle(exponent));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> u)
    {
        var magnitude = Vector256.Abs(u);
        var e = Exp2(magnitude * Vector256.Create(2 * Log2E));
        var t = Vector256.Create(1f) - Vector256.Create(2f) / (Vector256.Create(1f) + e);
        return Vector256.ConditionalSelect(Vector256.Create(-0f), u, t); // t with the sign bit of u
    }
}

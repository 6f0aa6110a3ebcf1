using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

/// <summary>The fast vector functions against System.Math over the ranges the effects use them in.</summary>
public sealed class FastMathTests
{
    private static IEnumerable<float> Range(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => (float)(from + (to - from) * i / (count - 1)));

    private static float[] Apply(Func<Vector256<float>, Vector256<float>> f, float[] x)
    {
        var y = new float[x.Length];
        for (int i = 0; i + 8 <= x.Length; i += 8) f(Vector256.Create(x.AsSpan(i, 8))).CopyTo(y.AsSpan(i, 8));
        return y;
    }

    [Fact]
    public void Exp2_is_within_two_parts_in_ten_million_from_minus_100_to_100()
    {
        var x = Range(-100, 100, 80_000).ToArray();
        var y = Apply(FastMath.Exp2, x);
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Pow(2, x[i]);
            Assert.True(Math.Abs(y[i] - exact) <= 2e-7 * exact, $"exp2({x[i]}) = {y[i]}, exact {exact}");
        }
    }

    [Fact]
    public void Log2_is_within_two_millionths_of_an_octave_from_minus_200_dB_to_plus_40_dB()
    {
        var x = Range(-33, 7, 80_000).Select(e => (float)Math.Pow(2, e)).ToArray();
        var y = Apply(FastMath.Log2, x);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(y[i] - Math.Log2(x[i])) <= 2e-6, $"log2({x[i]}) = {y[i]}, exact {Math.Log2(x[i])}");
    }

    [Fact]
    public void Tanh_is_within_two_parts_in_ten_million_everywhere()
    {
        var x = Range(-60, 60, 80_000).Concat(Range(-0.01, 0.01, 8_000)).ToArray();
        var y = Apply(FastMath.Tanh, x);
        for (int i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(y[i] - Math.Tanh(x[i])) <= 2e-7, $"tanh({x[i]}) = {y[i]}, exact {Math.Tanh(x[i])}");
    }
}

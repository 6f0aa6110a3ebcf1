namespace AutoFoh.Neural.Tests;

/// <summary>
/// Compares autograd's gradients with central finite differences. The function's output is reduced to a
/// scalar by a fixed random weighting, so every output element's gradient is exercised. The difference
/// quotient is accumulated in double precision from float32 evaluations with a step of 1e-2 (truncation
/// O(h²) ≈ 1e-4, rounding ≈ 1e-5 relative), so the tolerance is 2% of the largest gradient.
/// </summary>
internal static class GradientCheck
{
    public static void Verify(string what, Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        foreach (var input in inputs) input.RequiresGrad = true;
        var probe = function(inputs);
        var weights = new Random(99);
        var w = new Tensor(Enumerable.Range(0, probe.Size).Select(_ => (float)(weights.NextDouble() * 2 - 1)).ToArray(), probe.Shape);
        double Loss()
        {
            using (GradMode.Disable())
            {
                var y = function(inputs);
                double sum = 0;
                for (int i = 0; i < y.Size; i++) sum += (double)y.Data[i] * w.Data[i];
                return sum;
            }
        }
        foreach (var input in inputs) input.Grad = null;
        F.Sum(F.Mul(function(inputs), w)).Backward();
        const float h = 1e-2f;
        for (int k = 0; k < inputs.Length; k++)
        {
            var input = inputs[k];
            Assert.True(input.Grad is not null, $"{what}: input {k} got no gradient");
            var numeric = new double[input.Size];
            for (int i = 0; i < input.Size; i++)
            {
                float saved = input.Data[i];
                input.Data[i] = saved + h;
                double plus = Loss();
                input.Data[i] = saved - h;
                double minus = Loss();
                input.Data[i] = saved;
                numeric[i] = (plus - minus) / (2 * h);
            }
            double scale = Math.Max(1e-3, numeric.Max(Math.Abs));
            for (int i = 0; i < input.Size; i++)
                Assert.True(Math.Abs(numeric[i] - input.Grad!.Data[i]) <= 0.02 * scale,
                    $"{what}: d/d input{k}[{i}] autograd {input.Grad!.Data[i]:G6}, finite difference {numeric[i]:G6}");
        }
    }

    public static Tensor Random(int seed, params int[] shape) => Random(seed, 1.0, shape);

    public static Tensor Random(int seed, double scale, params int[] shape)
    {
        var random = new Random(seed);
        return new Tensor(Enumerable.Range(0, Tensor.Count(shape)).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray(), shape);
    }

    /// <summary>Values kept at least 0.1 away from zero (kinks of relu, abs, clamp).</summary>
    public static Tensor AwayFromZero(int seed, params int[] shape)
    {
        var t = Random(seed, shape);
        for (int i = 0; i < t.Size; i++) t.Data[i] = t.Data[i] >= 0 ? t.Data[i] + 0.1f : t.Data[i] - 0.1f;
        return t;
    }

    public static Tensor Positive(int seed, params int[] shape)
    {
        var t = Random(seed, shape);
        for (int i = 0; i < t.Size; i++) t.Data[i] = 0.5f + Math.Abs(t.Data[i]);
        return t;
    }
}

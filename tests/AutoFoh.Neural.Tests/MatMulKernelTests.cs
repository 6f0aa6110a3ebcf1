using AutoFoh.Neural.Kernels;

namespace AutoFoh.Neural.Tests;

public class MatMulKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 16, 16)]
    [InlineData(37, 300, 45)]
    [InlineData(64, 64, 64)]
    [InlineData(130, 257, 129)]
    public void The_blocked_kernel_agrees_with_the_triple_loop(int m, int k, int n)
    {
        var a = GradientCheck.Random(1, m, k).Data;
        var b = GradientCheck.Random(2, k, n).Data;
        var expected = new float[m * n];
        var actual = new float[m * n];
        MatMulKernel.MultiplyNaive(a, b, expected, m, k, n);
        MatMulKernel.Multiply(a, b, actual, m, k, n);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4 * (1 + Math.Abs(expected[i])), $"[{i}] {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void Parallel_and_single_threaded_products_agree()
    {
        var a = GradientCheck.Random(3, 300, 200).Data;
        var b = GradientCheck.Random(4, 200, 150).Data;
        var one = new float[300 * 150];
        var many = new float[300 * 150];
        MatMulKernel.Multiply(a, b, one, 300, 200, 150, allowParallel: false);
        MatMulKernel.Multiply(a, b, many, 300, 200, 150);
        Assert.Equal(one, many);
    }
}

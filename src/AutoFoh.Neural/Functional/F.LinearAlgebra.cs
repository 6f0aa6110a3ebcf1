using AutoFoh.Neural.Kernels;

namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>
    /// Matrix product as torch.matmul for the shapes AutoFOH uses: [..., M, K] · [K, N] (a batch of rows
    /// times one matrix) and [B..., M, K] · [B..., K, N] (batched, equal batch dimensions).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank < 2 || b.Rank < 2) throw ShapeMismatchException.For("matmul", a, b, "need at least two dimensions each");
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        if (b.Shape[^2] != k) throw ShapeMismatchException.For("matmul", a, b, $"do not chain: {k} columns against {b.Shape[^2]} rows");
        if (b.Rank == 2)
        {
            int rows = a.Size / k;
            var y = new float[rows * n];
            MatMulKernel.Multiply(a.Data, b.Data, y, rows, k, n);
            var shape = a.Shape[..^1].Append(n).ToArray();
            return Tensor.Result(y, shape, [a, b], result => () =>
            {
                var g = result.Grad!.Data;
                if (a.RequiresGrad)
                {
                    var bt = new float[b.Size];
                    MatMulKernel.Transpose(b.Data, bt, k, n);
                    var ga = new float[a.Size];
                    MatMulKernel.Multiply(g, bt, ga, rows, n, k);
                    a.AccumulateGrad(ga);
                }
                if (b.RequiresGrad)
                {
                    var at = new float[a.Size];
                    MatMulKernel.Transpose(a.Data, at, rows, k);
                    var gb = new float[b.Size];
                    MatMulKernel.Multiply(at, g, gb, k, rows, n);
                    b.AccumulateGrad(gb);
                }
            });
        }
        if (!a.Shape.AsSpan(..^2).SequenceEqual(b.Shape.AsSpan(..^2))) throw ShapeMismatchException.For("matmul", a, b, "have different batch dimensions");
        int batch = a.Size / (m * k);
        var output = new float[batch * m * n];
        int saved = MatMulKernel.MaxDegreeOfParallelism;
        Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = batch >= 4 ? saved : 1 }, i =>
            MatMulKernel.Multiply(a.Data.AsSpan(i * m * k, m * k), b.Data.AsSpan(i * k * n, k * n), output.AsSpan(i * m * n, m * n), m, k, n));
        var outShape = a.Shape[..^1].Append(n).ToArray();
        return Tensor.Result(output, outShape, [a, b], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = a.RequiresGrad ? new float[a.Size] : null;
            var gb = b.RequiresGrad ? new float[b.Size] : null;
            Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = batch >= 4 ? saved : 1 }, i =>
            {
                var gi = g.AsSpan(i * m * n, m * n);
                if (ga is not null)
                {
                    var bt = new float[k * n];
                    MatMulKernel.Transpose(b.Data.AsSpan(i * k * n, k * n), bt, k, n);
                    MatMulKernel.Multiply(gi, bt, ga.AsSpan(i * m * k, m * k), m, n, k);
                }
                if (gb is not null)
                {
                    var at = new float[m * k];
                    MatMulKernel.Transpose(a.Data.AsSpan(i * m * k, m * k), at, m, k);
                    MatMulKernel.Multiply(at, gi, gb.AsSpan(i * k * n, k * n), k, m, n);
                }
            });
            if (ga is not null) a.AccumulateGrad(ga);
            if (gb is not null) b.AccumulateGrad(gb);
        });
    }
}

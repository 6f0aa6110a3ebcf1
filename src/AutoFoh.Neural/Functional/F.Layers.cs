using AutoFoh.Neural.Kernels;

namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>torch.nn.functional.linear: y = x·Wᵀ + b, x [..., in], W [out, in], b [out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
        if (x.Shape[^1] != inFeatures) throw ShapeMismatchException.For("linear", x, weight, $"do not fit: input has {x.Shape[^1]} features, weight expects {inFeatures}");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outFeatures)) throw ShapeMismatchException.For("linear", weight, bias, "bias must have one value per output");
        int rows = x.Size / inFeatures;
        var wt = new float[weight.Size];
        MatMulKernel.Transpose(weight.Data, wt, outFeatures, inFeatures);
        var y = new float[rows * outFeatures];
        if (bias is not null)
            for (int r = 0; r < rows; r++) bias.Data.CopyTo(y, r * outFeatures);
        MatMulKernel.Multiply(x.Data, wt, y, rows, inFeatures, outFeatures, accumulate: bias is not null);
        var shape = x.Shape[..^1].Append(outFeatures).ToArray();
        Tensor[] parents = bias is null ? [x, weight] : [x, weight, bias];
        return Tensor.Result(y, shape, parents, result => () =>
        {
            var g = result.Grad!.Data;
            if (x.RequiresGrad)
            {
                var gx = new float[x.Size];
                MatMulKernel.Multiply(g, weight.Data, gx, rows, outFeatures, inFeatures);
                x.AccumulateGrad(gx);
            }
            if (weight.RequiresGrad)
            {
                var gt = new float[g.Length];
                MatMulKernel.Transpose(g, gt, rows, outFeatures);
                var gw = new float[weight.Size];
                MatMulKernel.Multiply(gt, x.Data, gw, outFeatures, rows, inFeatures);
                weight.AccumulateGrad(gw);
            }
            if (bias is not null && bias.RequiresGrad)
            {
                var gb = new float[outFeatures];
                for (int r = 0; r < rows; r++)
                    for (int o = 0; o < outFeatures; o++) gb[o] += g[r * outFeatures + o];
                bias.AccumulateGrad(gb);
            }
        });
    }

    /// <summary>torch.nn.functional.layer_norm over the last dimension (biased variance), with affine weight and bias.</summary>
    public static Tensor LayerNorm(Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        int n = x.Shape[^1], rows = x.Size / n;
        if (weight is not null && weight.Size != n) throw ShapeMismatchException.For("layer_norm", x, weight, "weight must match the last dimension");
        var y = new float[x.Size];
        var normalized = new float[x.Size];
        var inverseStd = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = x.Data.AsSpan(r * n, n);
            LayerNormKernel.Normalize(row, normalized.AsSpan(r * n, n), eps, out inverseStd[r]);
            for (int i = 0; i < n; i++)
                y[r * n + i] = normalized[r * n + i] * (weight?.Data[i] ?? 1f) + (bias?.Data[i] ?? 0f);
        }
        var parents = new List<Tensor> { x };
        if (weight is not null) parents.Add(weight);
        if (bias is not null) parents.Add(bias);
        return Tensor.Result(y, x.Shape, parents.ToArray(), result => () =>
        {
            var g = result.Grad!.Data;
            var gx = new float[x.Size];
            var gw = weight is null ? null : new float[n];
            var gb = bias is null ? null : new float[n];
            for (int r = 0; r < rows; r++)
            {
                double sumG = 0, sumGx = 0;
                for (int i = 0; i < n; i++)
                {
                    float gi = g[r * n + i] * (weight?.Data[i] ?? 1f);
                    sumG += gi;
                    sumGx += gi * normalized[r * n + i];
                    if (gw is not null) gw[i] += g[r * n + i] * normalized[r * n + i];
                    if (gb is not null) gb[i] += g[r * n + i];
                }
                float meanG = (float)(sumG / n), meanGx = (float)(sumGx / n);
                for (int i = 0; i < n; i++)
                {
                    float gi = g[r * n + i] * (weight?.Data[i] ?? 1f);
                    gx[r * n + i] = inverseStd[r] * (gi - meanG - normalized[r * n + i] * meanGx);
                }
            }
            x.AccumulateGrad(gx);
            if (gw is not null) weight!.AccumulateGrad(gw);
            if (gb is not null) bias!.AccumulateGrad(gb);
        });
    }
}

namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>Softmax over <paramref name="axis"/> (max-subtracted for stability).</summary>
    public static Tensor Softmax(Tensor a, int axis = -1)
    {
        int ax = a.Axis(axis);
        var (outer, length, inner) = Split(a.Shape, ax);
        var x = a.Data;
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * length * inner + i;
                float max = StridedMax(x, baseIndex, length, inner);
                double sum = 0;
                for (int l = 0; l < length; l++)
                {
                    float e = float.IsNegativeInfinity(max) ? 0 : MathF.Exp(x[baseIndex + l * inner] - max);
                    y[baseIndex + l * inner] = e;
                    sum += e;
                }
                for (int l = 0; l < length; l++) y[baseIndex + l * inner] = sum > 0 ? (float)(y[baseIndex + l * inner] / sum) : 0;
            }
        return Tensor.Result(y, a.Shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int baseIndex = o * length * inner + i;
                    double dot = 0;
                    for (int l = 0; l < length; l++) dot += g[baseIndex + l * inner] * y[baseIndex + l * inner];
                    for (int l = 0; l < length; l++)
                    {
                        int at = baseIndex + l * inner;
                        ga[at] = (float)(y[at] * (g[at] - dot));
                    }
                }
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>log(softmax(x)) over <paramref name="axis"/>, computed as x − max − log Σ e^(x − max).</summary>
    public static Tensor LogSoftmax(Tensor a, int axis = -1)
    {
        int ax = a.Axis(axis);
        var (outer, length, inner) = Split(a.Shape, ax);
        var x = a.Data;
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * length * inner + i;
                float max = StridedMax(x, baseIndex, length, inner);
                double sum = 0;
                for (int l = 0; l < length; l++) sum += Math.Exp(x[baseIndex + l * inner] - max);
                float logSum = (float)(max + Math.Log(sum));
                for (int l = 0; l < length; l++) y[baseIndex + l * inner] = x[baseIndex + l * inner] - logSum;
            }
        return Tensor.Result(y, a.Shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int baseIndex = o * length * inner + i;
                    double sum = 0;
                    for (int l = 0; l < length; l++) sum += g[baseIndex + l * inner];
                    for (int l = 0; l < length; l++)
                    {
                        int at = baseIndex + l * inner;
                        ga[at] = (float)(g[at] - MathF.Exp(y[at]) * sum);
                    }
                }
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>Largest of x[start + l·stride] for l &lt; length (the row a softmax normalises over).</summary>
    private static float StridedMax(float[] x, int start, int length, int stride)
    {
        float max = float.NegativeInfinity;
        for (int l = 0; l < length; l++) max = Math.Max(max, x[start + l * stride]);
        return max;
    }
}

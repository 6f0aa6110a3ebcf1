namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>Sum of every element (a scalar).</summary>
    public static Tensor Sum(Tensor a)
    {
        double sum = 0;
        foreach (float v in a.Data) sum += v;
        return Tensor.Result([(float)sum], [], [a], result => () =>
        {
            float g = result.Grad!.Data[0];
            var ga = new float[a.Size];
            Array.Fill(ga, g);
            a.AccumulateGrad(ga);
        });
    }

    public static Tensor Mean(Tensor a) => Mul(Sum(a), 1f / a.Size);

    /// <summary>Sum over <paramref name="axis"/> (kept as size 1 when <paramref name="keepDim"/>).</summary>
    public static Tensor Sum(Tensor a, int axis, bool keepDim = false)
    {
        int ax = a.Axis(axis);
        var (outer, length, inner) = Split(a.Shape, ax);
        var y = new float[outer * inner];
        var x = a.Data;
        for (int o = 0; o < outer; o++)
            for (int l = 0; l < length; l++)
            {
                int src = (o * length + l) * inner, dst = o * inner;
                for (int i = 0; i < inner; i++) y[dst + i] += x[src + i];
            }
        return Tensor.Result(y, ReducedShape(a.Shape, ax, keepDim), [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int o = 0; o < outer; o++)
                for (int l = 0; l < length; l++)
                {
                    int dst = (o * length + l) * inner, src = o * inner;
                    for (int i = 0; i < inner; i++) ga[dst + i] = g[src + i];
                }
            a.AccumulateGrad(ga);
        });
    }

    public static Tensor Mean(Tensor a, int axis, bool keepDim = false) => Mul(Sum(a, axis, keepDim), 1f / a.Dim(axis));

    /// <summary>Maximum over <paramref name="axis"/>; the gradient flows to the (first) maximal element.</summary>
    public static Tensor Max(Tensor a, int axis, bool keepDim = false)
    {
        int ax = a.Axis(axis);
        var (outer, length, inner) = Split(a.Shape, ax);
        var y = new float[outer * inner];
        var arg = new int[outer * inner];
        var x = a.Data;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                float value = x[o * length * inner + i];
                for (int l = 1; l < length; l++)
                {
                    float v = x[(o * length + l) * inner + i];
                    if (v > value || float.IsNaN(v)) { value = v; best = l; }
                }
                y[o * inner + i] = value;
                arg[o * inner + i] = best;
            }
        return Tensor.Result(y, ReducedShape(a.Shape, ax, keepDim), [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++) ga[(o * length + arg[o * inner + i]) * inner + i] = g[o * inner + i];
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>(product of dims before axis, axis length, product of dims after).</summary>
    internal static (int Outer, int Length, int Inner) Split(int[] shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, shape[axis], inner);
    }

    private static int[] ReducedShape(int[] shape, int axis, bool keepDim) =>
        keepDim ? shape.Select((d, i) => i == axis ? 1 : d).ToArray() : shape.Where((_, i) => i != axis).ToArray();
}

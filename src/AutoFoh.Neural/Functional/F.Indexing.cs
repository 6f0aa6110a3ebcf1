namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>Entries <paramref name="indices"/> along <paramref name="axis"/> (torch.index_select).</summary>
    public static Tensor IndexSelect(Tensor a, int axis, IReadOnlyList<int> indices)
    {
        int ax = a.Axis(axis);
        var (outer, length, inner) = Split(a.Shape, ax);
        foreach (int index in indices)
            if ((uint)index >= (uint)length) throw new ShapeMismatchException($"index_select: index {index} is out of range for dimension {ax} of {Tensor.Format(a.Shape)}");
        var shape = a.Shape.ToArray();
        shape[ax] = indices.Count;
        var y = new float[outer * indices.Count * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < indices.Count; j++)
                Array.Copy(a.Data, (o * length + indices[j]) * inner, y, (o * indices.Count + j) * inner, inner);
        return Tensor.Result(y, shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[a.Size];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < indices.Count; j++)
                {
                    int src = (o * indices.Count + j) * inner, dst = (o * length + indices[j]) * inner;
                    for (int i = 0; i < inner; i++) ga[dst + i] += g[src + i];
                }
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>torch.gather: out[..., j, ...] = a[..., index[..., j, ...], ...] along <paramref name="axis"/>.</summary>
    public static Tensor Gather(Tensor a, int axis, Tensor index)
    {
        int ax = a.Axis(axis);
        if (index.Rank != a.Rank || index.Shape.Where((d, i) => i != ax && d != a.Shape[i]).Any())
            throw ShapeMismatchException.For("gather", a, index, $"must match outside dimension {ax}");
        var (outer, length, inner) = Split(a.Shape, ax);
        int count = index.Shape[ax];
        var y = new float[index.Size];
        var source = new int[index.Size];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < count; j++)
                for (int i = 0; i < inner; i++)
                {
                    int at = (o * count + j) * inner + i;
                    int k = (int)index.Data[at];
                    if ((uint)k >= (uint)length) throw new ShapeMismatchException($"gather: index {k} is out of range for dimension {ax} of {Tensor.Format(a.Shape)}");
                    source[at] = (o * length + k) * inner + i;
                    y[at] = a.Data[source[at]];
                }
        return Tensor.Result(y, index.Shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[a.Size];
            for (int at = 0; at < g.Length; at++) ga[source[at]] += g[at];
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>Where <paramref name="mask"/> (broadcastable, nonzero = true) is set, <paramref name="value"/>; elsewhere a.</summary>
    public static Tensor MaskedFill(Tensor a, Tensor mask, float value)
    {
        var plan = Broadcast.Plan("masked_fill", a, mask);
        if (!plan.Shape.SequenceEqual(a.Shape)) throw ShapeMismatchException.For("masked_fill", a, mask, "the mask must broadcast to the tensor's shape");
        var y = (float[])a.Data.Clone();
        var keep = new bool[y.Length];
        for (int o = 0; o < y.Length; o++)
        {
            bool masked = mask.Data[plan.IndexB?[o] ?? o] != 0;
            if (masked) y[o] = value;
            keep[o] = !masked;
        }
        return Tensor.Result(y, a.Shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[g.Length];
            for (int o = 0; o < g.Length; o++) ga[o] = keep[o] ? g[o] : 0;
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>Inverted dropout: zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1−p); identity when not training.</summary>
    public static Tensor Dropout(Tensor a, float p, bool training, Random random)
    {
        if (!training || p == 0) return a;
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
        var scale = new float[a.Size];
        float keep = 1 / (1 - p);
        for (int i = 0; i < scale.Length; i++) scale[i] = random.NextSingle() < p ? 0 : keep;
        return Mul(a, new Tensor(scale, a.Shape));
    }
}

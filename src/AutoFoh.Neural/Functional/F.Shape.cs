namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>Same data, new shape (one dimension may be −1).</summary>
    public static Tensor Reshape(Tensor a, params int[] shape)
    {
        shape = shape.ToArray();
        int unknown = Array.IndexOf(shape, -1);
        if (unknown >= 0)
        {
            int known = 1;
            for (int d = 0; d < shape.Length; d++) if (d != unknown) known *= shape[d];
            shape[unknown] = known == 0 ? 0 : a.Size / known;
        }
        if (Tensor.Count(shape) != a.Size) throw new ShapeMismatchException($"reshape: cannot view shape {Tensor.Format(a.Shape)} as {Tensor.Format(shape)}");
        return Tensor.Result((float[])a.Data.Clone(), shape, [a], result => () => a.AccumulateGrad(result.Grad!.Data));
    }

    /// <summary>Swaps two dimensions (a contiguous copy).</summary>
    public static Tensor Transpose(Tensor a, int dim0, int dim1)
    {
        var order = Enumerable.Range(0, a.Rank).ToArray();
        int d0 = a.Axis(dim0), d1 = a.Axis(dim1);
        (order[d0], order[d1]) = (order[d1], order[d0]);
        return Permute(a, order);
    }

    /// <summary>Reorders dimensions: output dimension i is input dimension <paramref name="order"/>[i].</summary>
    public static Tensor Permute(Tensor a, params int[] order)
    {
        if (order.Length != a.Rank || order.Order().Where((d, i) => d != i).Any())
            throw new ShapeMismatchException($"permute: {Tensor.Format(order)} is not a permutation of the dimensions of {Tensor.Format(a.Shape)}");
        var shape = order.Select(d => a.Shape[d]).ToArray();
        var map = PermutationMap(a.Shape, order);
        var x = a.Data;
        var y = new float[x.Length];
        for (int o = 0; o < y.Length; o++) y[o] = x[map[o]];
        return Tensor.Result(y, shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int o = 0; o < g.Length; o++) ga[map[o]] = g[o];
            a.AccumulateGrad(ga);
        });
    }

    /// <summary>For each element of the permuted tensor, its offset in the source.</summary>
    private static int[] PermutationMap(int[] shape, int[] order)
    {
        int rank = shape.Length;
        var sourceStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) { sourceStrides[d] = stride; stride *= shape[d]; }
        return Broadcast.StridedOffsets(order.Select(d => shape[d]).ToArray(), order.Select(d => sourceStrides[d]).ToArray());
    }

    /// <summary>Joins tensors along <paramref name="axis"/>; all other dimensions must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        if (tensors.Count == 0) throw new ArgumentException("concat: no tensors");
        var first = tensors[0];
        int ax = first.Axis(axis);
        foreach (var t in tensors.Skip(1))
            if (t.Rank != first.Rank || t.Shape.Where((d, i) => i != ax && d != first.Shape[i]).Any())
                throw ShapeMismatchException.For("concat", first, t, $"differ outside dimension {ax}");
        var shape = first.Shape.ToArray();
        shape[ax] = tensors.Sum(t => t.Shape[ax]);
        var (outer, _, inner) = Split(shape, ax);
        var y = new float[Tensor.Count(shape)];
        int at = 0;
        foreach (var t in tensors)
        {
            int len = t.Shape[ax] * inner;
            for (int o = 0; o < outer; o++) Array.Copy(t.Data, o * len, y, o * shape[ax] * inner + at, len);
            at += len;
        }
        return Tensor.Result(y, shape, tensors.ToArray(), result => () =>
        {
            var g = result.Grad!.Data;
            int offset = 0;
            foreach (var t in tensors)
            {
                int len = t.Shape[ax] * inner;
                if (t.RequiresGrad)
                {
                    var gt = new float[t.Size];
                    for (int o = 0; o < outer; o++) Array.Copy(g, o * shape[ax] * inner + offset, gt, o * len, len);
                    t.AccumulateGrad(gt);
                }
                offset += len;
            }
        });
    }

    /// <summary>Elements [start, start+length) along <paramref name="axis"/> (torch.narrow).</summary>
    public static Tensor Slice(Tensor a, int axis, int start, int length)
    {
        int ax = a.Axis(axis);
        if (start < 0 || length < 0 || start + length > a.Shape[ax])
            throw new ShapeMismatchException($"slice: [{start}, {start + length}) is outside dimension {ax} of {Tensor.Format(a.Shape)}");
        var (outer, full, inner) = Split(a.Shape, ax);
        var shape = a.Shape.ToArray();
        shape[ax] = length;
        var y = new float[outer * length * inner];
        for (int o = 0; o < outer; o++) Array.Copy(a.Data, (o * full + start) * inner, y, o * length * inner, length * inner);
        return Tensor.Result(y, shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[a.Size];
            for (int o = 0; o < outer; o++) Array.Copy(g, o * length * inner, ga, (o * full + start) * inner, length * inner);
            a.AccumulateGrad(ga);
        });
    }

    public static Tensor Unsqueeze(Tensor a, int axis)
    {
        int ax = axis < 0 ? axis + a.Rank + 1 : axis;
        var shape = a.Shape.ToList();
        shape.Insert(ax, 1);
        return Reshape(a, shape.ToArray());
    }
}

namespace AutoFoh.Neural;

/// <summary>
/// NumPy/PyTorch broadcasting of two shapes: dimensions are aligned from the right and a dimension of 1
/// stretches. The plan maps every output element to its source element in each input (null = same
/// position), which serves the forward op and, summed the other way, the gradient's reduction.
/// </summary>
internal sealed class Broadcast
{
    public required int[] Shape { get; init; }
    public int[]? IndexA { get; init; }
    public int[]? IndexB { get; init; }

    public static Broadcast Plan(string op, Tensor a, Tensor b)
    {
        if (a.Shape.SequenceEqual(b.Shape)) return new Broadcast { Shape = a.Shape };
        int rank = Math.Max(a.Rank, b.Rank);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int da = Dim(a.Shape, d, rank), db = Dim(b.Shape, d, rank);
            if (da != db && da != 1 && db != 1) throw ShapeMismatchException.For(op, a, b, "cannot be broadcast together");
            shape[d] = Math.Max(da, db);
        }
        return new Broadcast { Shape = shape, IndexA = Map(a.Shape, shape), IndexB = Map(b.Shape, shape) };
    }

    private static int Dim(int[] shape, int d, int rank)
    {
        int offset = d - (rank - shape.Length);
        return offset < 0 ? 1 : shape[offset];
    }

    /// <summary>Source offset of every output element, or null when the shapes are equal.</summary>
    private static int[]? Map(int[] source, int[] output)
    {
        if (source.SequenceEqual(output)) return null;
        int rank = output.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int sd = Dim(source, d, rank);
            strides[d] = sd == 1 ? 0 : stride;
            stride *= sd;
        }
        return StridedOffsets(output, strides);
    }

    /// <summary>
    /// Offsets Σ index[d]·strides[d] of every index of <paramref name="shape"/> in row-major order
    /// (a stride of 0 repeats a dimension): the map behind broadcasting and permutation.
    /// </summary>
    public static int[] StridedOffsets(int[] shape, int[] strides)
    {
        int rank = shape.Length, size = Tensor.Count(shape);
        var map = new int[size];
        var index = new int[rank];
        int offset = 0;
        for (int o = 0; o < size; o++)
        {
            map[o] = offset;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                offset += strides[d];
                if (index[d] < shape[d]) break;
                offset -= strides[d] * index[d];
                index[d] = 0;
            }
        }
        return map;
    }
}

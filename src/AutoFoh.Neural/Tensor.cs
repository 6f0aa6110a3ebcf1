using System.Text;

namespace AutoFoh.Neural;

/// <summary>
/// A dense float32 tensor, row-major and contiguous, with reverse-mode automatic differentiation
/// (PyTorch semantics: shapes batch-first, broadcasting by trailing dimensions, gradients accumulate in
/// <see cref="Grad"/> until zeroed). Operations live in <see cref="F"/>; every op that takes part in
/// training records a backward closure on its result when gradients are enabled.
/// </summary>
public sealed class Tensor
{
    private Action? _backward;
    private Tensor[] _parents = [];

    public Tensor(float[] data, params int[] shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"tensor shape {Format(shape)} has a negative dimension");
            size *= d;
        }
        if (size != data.Length) throw new ArgumentException($"tensor shape {Format(shape)} holds {size} values, data has {data.Length}");
        Data = data;
        Shape = shape.ToArray();
    }

    public float[] Data { get; }
    public int[] Shape { get; }
    public int Rank => Shape.Length;
    public int Size => Data.Length;
    public bool RequiresGrad { get; set; }

    /// <summary>Accumulated gradient (same shape), or null before the first backward pass.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>An optional name (parameters carry their state_dict name).</summary>
    public string? Name { get; set; }

    public int Dim(int axis) => Shape[Axis(axis)];

    /// <summary>Normalises a negative axis (−1 = last) and checks it.</summary>
    public int Axis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"axis out of range for shape {Format(Shape)}");
        return a;
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    private int Offset(int[] index)
    {
        if (index.Length != Rank) throw new ArgumentException($"{index.Length} indices for a tensor of rank {Rank}");
        int offset = 0;
        for (int d = 0; d < Rank; d++)
        {
            if ((uint)index[d] >= (uint)Shape[d]) throw new ArgumentOutOfRangeException(nameof(index), index[d], $"index {index[d]} out of range for dimension {d} of {Format(Shape)}");
            offset = offset * Shape[d] + index[d];
        }
        return offset;
    }

    public static Tensor Zeros(params int[] shape) => new(new float[Count(shape)], shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[Count(shape)];
        Array.Fill(data, value);
        return new Tensor(data, shape);
    }

    public static Tensor Scalar(float value) => new([value]);

    public static Tensor FromArray(float[] data, params int[] shape) => new((float[])data.Clone(), shape);

    public static Tensor Parameter(float[] data, params int[] shape) => new(data, shape) { RequiresGrad = true };

    public static int Count(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        if (n > int.MaxValue) throw new ArgumentException($"shape {Format(shape)} is too large");
        return (int)n;
    }

    public float Item()
    {
        if (Size != 1) throw new InvalidOperationException($"Item() needs one value, tensor has shape {Format(Shape)}");
        return Data[0];
    }

    /// <summary>A copy that is not part of any graph.</summary>
    public Tensor Detach() => new((float[])Data.Clone(), Shape);

    public Tensor Clone() => F.Mul(this, 1f);

    /// <summary>Records how to propagate this tensor's gradient to its parents (ops call this).</summary>
    internal static Tensor Result(float[] data, int[] shape, Tensor[] parents, Func<Tensor, Action>? makeBackward)
    {
        var result = new Tensor(data, shape);
        if (makeBackward is not null && GradMode.IsEnabled && parents.Any(p => p.RequiresGrad))
        {
            result.RequiresGrad = true;
            result._parents = parents;
            result._backward = makeBackward(result);
        }
        return result;
    }

    /// <summary>Adds <paramref name="gradient"/> (same size as this tensor) into <see cref="Grad"/>.</summary>
    internal void AccumulateGrad(ReadOnlySpan<float> gradient)
    {
        if (!RequiresGrad) return;
        Grad ??= Zeros(Shape);
        var g = Grad.Data;
        for (int i = 0; i < g.Length; i++) g[i] += gradient[i];
    }

    /// <summary>
    /// Backpropagates from this tensor. A scalar starts from 1; otherwise <paramref name="gradient"/>
    /// (same shape) seeds it, as torch's backward(gradient).
    /// </summary>
    public void Backward(Tensor? gradient = null)
    {
        if (!RequiresGrad) throw new InvalidOperationException("backward() on a tensor that does not require gradients");
        if (gradient is null && Size != 1) throw new InvalidOperationException($"backward() needs a gradient for a non-scalar of shape {Format(Shape)}");
        if (gradient is not null && gradient.Size != Size) throw new ArgumentException($"backward gradient of shape {Format(gradient.Shape)} for a tensor of shape {Format(Shape)}");
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        // Iterative depth-first topological sort (graphs of long sequences are deep).
        var stack = new Stack<(Tensor Node, bool Expanded)>();
        stack.Push((this, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!seen.Add(node)) continue;
            stack.Push((node, true));
            foreach (var parent in node._parents)
                if (parent.RequiresGrad && !seen.Contains(parent)) stack.Push((parent, false));
        }
        AccumulateGrad(gradient?.Data ?? [1f]);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node._backward is null || node.Grad is null) continue;
            node._backward();
            // Intermediate results do not keep their gradients (as torch without retain_grad).
            if (node._parents.Length > 0) node.Grad = null;
        }
        foreach (var node in order) { node._backward = null; node._parents = []; }
    }

    public static string Format(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    public override string ToString()
    {
        var text = new StringBuilder($"Tensor{Format(Shape)}(");
        text.Append(string.Join(", ", Data.Take(8).Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))));
        if (Size > 8) text.Append(", ...");
        return text.Append(')').ToString();
    }
}

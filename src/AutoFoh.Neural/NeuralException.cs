namespace AutoFoh.Neural;

/// <summary>Shapes that an operation cannot combine; the message names the op and both shapes.</summary>
public sealed class ShapeMismatchException(string message) : ArgumentException(message)
{
    public static ShapeMismatchException For(string op, Tensor a, Tensor b, string why) =>
        new($"{op}: shapes {Tensor.Format(a.Shape)} and {Tensor.Format(b.Shape)} {why}");
}

/// <summary>A checkpoint that cannot be loaded: missing, extra or wrongly shaped tensors, or a damaged file.</summary>
public sealed class CheckpointException(string message) : Exception(message);

/// <summary>Training produced a loss that is not a finite number; the message names the step.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

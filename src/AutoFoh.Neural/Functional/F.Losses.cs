namespace AutoFoh.Neural;

public static partial class F
{
    private static void SameShape(string op, Tensor a, Tensor b)
    {
        if (!a.Shape.SequenceEqual(b.Shape)) throw ShapeMismatchException.For(op, a, b, "must be equal");
    }

    /// <summary>Mean squared error (torch.nn.MSELoss, reduction mean).</summary>
    public static Tensor MseLoss(Tensor prediction, Tensor target)
    {
        SameShape("mse_loss", prediction, target);
        return Mean(Square(Sub(prediction, target)));
    }

    /// <summary>Mean absolute error (torch.nn.L1Loss).</summary>
    public static Tensor L1Loss(Tensor prediction, Tensor target)
    {
        SameShape("l1_loss", prediction, target);
        return Mean(Abs(Sub(prediction, target)));
    }

    /// <summary>torch.nn.HuberLoss: ½d² where |d| ≤ δ, δ(|d| − ½δ) beyond.</summary>
    public static Tensor HuberLoss(Tensor prediction, Tensor target, float delta = 1f)
    {
        SameShape("huber_loss", prediction, target);
        var d = Sub(prediction, target);
        var huber = Unary(d, x => MathF.Abs(x) <= delta ? 0.5f * x * x : delta * (MathF.Abs(x) - 0.5f * delta),
            (x, y, g) => MathF.Abs(x) <= delta ? g * x : g * delta * MathF.Sign(x));
        return Mean(huber);
    }

    /// <summary>
    /// torch.nn.CrossEntropyLoss on logits [N, C] and class indices [N] (stored as floats), mean over N.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target)
    {
        if (logits.Rank != 2 || target.Rank != 1 || target.Shape[0] != logits.Shape[0])
            throw ShapeMismatchException.For("cross_entropy", logits, target, "must be [N, C] logits and [N] class indices");
        var index = new Tensor(target.Data.Select(v => v).ToArray(), target.Shape[0], 1);
        var picked = Gather(LogSoftmax(logits, 1), 1, index);
        return Neg(Mean(picked));
    }
}

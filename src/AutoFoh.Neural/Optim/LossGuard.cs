namespace AutoFoh.Neural.Optim;

public static class LossGuard
{
    /// <summary>Stops a training run whose loss is not finite, naming the step, instead of training on garbage.</summary>
    public static float Check(Tensor loss, int step)
    {
        float value = loss.Item();
        if (!float.IsFinite(value)) throw new TrainingDivergedException($"training diverged at step {step}: the loss is {value}");
        return value;
    }
}

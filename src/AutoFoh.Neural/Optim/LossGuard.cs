namespace AutoFoh.Neural.Optim;

/// <summary>
/// Stops a training run whose loss is not finite, naming the step, instead of training on garbage. It does not
/// try to recover (skip the step, lower the rate): a run that diverged is stopped and its last checkpoint kept.
/// </summary>
public static class LossGuard
{
    public static float Check(Tensor loss, int step)
    {
        float value = loss.Item();
        if (!float.IsFinite(value)) throw new TrainingDivergedException($"training diverged at step {step}: the loss is {value}");
        return value;
    }

    public static double Check(double loss, int step)
    {
        if (!double.IsFinite(loss)) throw new TrainingDivergedException($"training diverged at step {step}: the loss is {loss}");
        return loss;
    }
}

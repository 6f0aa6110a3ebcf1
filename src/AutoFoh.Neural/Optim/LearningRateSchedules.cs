namespace AutoFoh.Neural.Optim;

/// <summary>A learning-rate schedule stepped once per epoch (torch.optim.lr_scheduler).</summary>
public abstract class LearningRateSchedule(Optimizer optimizer)
{
    protected double BaseLearningRate { get; } = optimizer.LearningRate;
    public int Epoch { get; private set; }

    public void Step()
    {
        Epoch++;
        optimizer.LearningRate = LearningRateAt(Epoch);
    }

    public abstract double LearningRateAt(int epoch);
}

/// <summary>StepLR: multiply by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
public sealed class StepLr(Optimizer optimizer, int stepSize, double gamma = 0.1) : LearningRateSchedule(optimizer)
{
    public override double LearningRateAt(int epoch) => BaseLearningRate * Math.Pow(gamma, epoch / stepSize);
}

/// <summary>CosineAnnealingLR: η = η_min + (η₀ − η_min)(1 + cos(π·epoch/T_max))/2.</summary>
public sealed class CosineAnnealingLr(Optimizer optimizer, int tMax, double etaMin = 0) : LearningRateSchedule(optimizer)
{
    public override double LearningRateAt(int epoch) => etaMin + (BaseLearningRate - etaMin) * (1 + Math.Cos(Math.PI * Math.Min(epoch, tMax) / tMax)) / 2;
}

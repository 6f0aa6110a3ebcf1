namespace AutoFoh.Neural.Optim;

/// <summary>Base of optimizers (torch.optim): parameters, a learning rate schedulers may change, zero_grad.</summary>
public abstract class Optimizer(IEnumerable<Tensor> parameters, double learningRate)
{
    protected Tensor[] Params { get; } = parameters.ToArray();

    public double LearningRate { get; set; } = learningRate;

    /// <summary>Number of steps taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>Restores the step count of a resumed run (bias corrections depend on it).</summary>
    protected void RestoreStepCount(int steps) => StepCount = steps;

    public void ZeroGrad()
    {
        foreach (var p in Params) p.Grad = null;
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Params.Length; i++)
            if (Params[i].Grad is { } grad) Update(i, Params[i].Data, grad.Data);
    }

    /// <summary>One step for parameter <paramref name="index"/>: its values <paramref name="p"/> (updated in place) and its gradient <paramref name="g"/>, as torch names them.</summary>
    protected abstract void Update(int index, float[] p, float[] g);
}

/// <summary>torch.optim.SGD with momentum (dampening 0, not Nesterov) and L2 weight decay.</summary>
public sealed class Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0)
    : Optimizer(parameters, learningRate)
{
    private readonly Dictionary<int, float[]> _velocity = [];

    protected override void Update(int index, float[] p, float[] g)
    {
        float lr = (float)LearningRate, wd = (float)weightDecay, mu = (float)momentum;
        float[]? v = null;
        bool first = false;
        if (mu != 0 && !_velocity.TryGetValue(index, out v))
        {
            _velocity[index] = v = new float[p.Length];
            first = true; // torch starts the momentum buffer at the first gradient
        }
        for (int i = 0; i < p.Length; i++)
        {
            float d = g[i] + wd * p[i];
            if (v is not null)
            {
                v[i] = first ? d : mu * v[i] + d;
                d = v[i];
            }
            p[i] -= lr * d;
        }
    }
}

/// <summary>
/// torch.optim.Adam (bias-corrected moments; weight decay added to the gradient) and, with
/// <paramref name="decoupledWeightDecay"/>, torch.optim.AdamW (decay applied to the weights directly).
/// </summary>
public class Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false) : Optimizer(parameters, learningRate)
{
    private readonly Dictionary<int, (float[] M, float[] V)> _state = [];

    /// <summary>The moments of every parameter that has them ("m.{index}", "v.{index}") and the step count, for resuming a run.</summary>
    public (IEnumerable<(string Name, Tensor Tensor)> Tensors, int Steps) SaveState() =>
        (_state.OrderBy(s => s.Key).SelectMany(s => new[]
        {
            ($"m.{s.Key}", new Tensor((float[])s.Value.M.Clone(), s.Value.M.Length)),
            ($"v.{s.Key}", new Tensor((float[])s.Value.V.Clone(), s.Value.V.Length)),
        }), StepCount);

    /// <summary>Restores what <see cref="SaveState"/> wrote; a moment that does not fit its parameter is refused.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, int steps)
    {
        _state.Clear();
        foreach (var (name, m) in tensors)
        {
            if (!name.StartsWith("m.", StringComparison.Ordinal)) continue;
            int index = int.Parse(name.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
            if (index < 0 || index >= Params.Length || m.Size != Params[index].Size || !tensors.TryGetValue($"v.{index}", out var v) || v.Size != m.Size)
                throw new CheckpointException($"optimizer state '{name}' does not fit the model's parameter {index}");
            _state[index] = ((float[])m.Data.Clone(), (float[])v.Data.Clone());
        }
        RestoreStepCount(steps);
    }

    protected override void Update(int index, float[] p, float[] g)
    {
        if (!_state.TryGetValue(index, out var s)) _state[index] = s = (new float[p.Length], new float[p.Length]);
        int t = StepCount;
        double lr = LearningRate;
        double correction1 = 1 - Math.Pow(beta1, t), correction2 = 1 - Math.Pow(beta2, t);
        double stepSize = lr / correction1;
        double sqrtCorrection2 = Math.Sqrt(correction2);
        for (int i = 0; i < p.Length; i++)
        {
            double grad = g[i];
            if (decoupledWeightDecay) p[i] = (float)(p[i] * (1 - lr * weightDecay));
            else grad += weightDecay * p[i];
            s.M[i] = (float)(beta1 * s.M[i] + (1 - beta1) * grad);
            s.V[i] = (float)(beta2 * s.V[i] + (1 - beta2) * grad * grad);
            double denominator = Math.Sqrt(s.V[i]) / sqrtCorrection2 + eps;
            p[i] = (float)(p[i] - stepSize * s.M[i] / denominator);
        }
    }
}

/// <summary>torch.optim.AdamW (default weight decay 0.01).</summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 0.01) : Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true);

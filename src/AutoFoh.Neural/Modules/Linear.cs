namespace AutoFoh.Neural.Modules;

/// <summary>torch.nn.Linear: y = x·Wᵀ + b; W and b drawn from U(±1/√in) like torch's default.</summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1 / Math.Sqrt(inFeatures);
        Weight = Parameter("weight", new Tensor(Uniform(random, outFeatures * inFeatures, bound), outFeatures, inFeatures));
        Bias = bias ? Parameter("bias", new Tensor(Uniform(random, outFeatures, bound), outFeatures)) : null;
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Tensor Forward(Tensor x) => F.Linear(x, Weight, Bias);
}

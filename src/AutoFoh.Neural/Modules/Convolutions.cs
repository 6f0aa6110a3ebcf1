namespace AutoFoh.Neural.Modules;

/// <summary>torch.nn.Conv1d: weight [Cout, Cin, K], bias [Cout], U(±1/√(Cin·K)).</summary>
public sealed class Conv1d : Module
{
    public Conv1d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, bool bias = true)
    {
        Stride = stride;
        Padding = padding;
        double bound = 1 / Math.Sqrt(inChannels * kernelSize);
        Weight = Parameter("weight", new Tensor(Uniform(random, outChannels * inChannels * kernelSize, bound), outChannels, inChannels, kernelSize));
        Bias = bias ? Parameter("bias", new Tensor(Uniform(random, outChannels, bound), outChannels)) : null;
    }

    public int Stride { get; }
    public int Padding { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Tensor Forward(Tensor x) => F.Conv1d(x, Weight, Bias, Stride, Padding);
}

/// <summary>torch.nn.Conv2d (square kernel, equal stride and padding): weight [Cout, Cin, K, K].</summary>
public sealed class Conv2d : Module
{
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random random, int stride = 1, int padding = 0, bool bias = true)
    {
        Stride = stride;
        Padding = padding;
        double bound = 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        Weight = Parameter("weight", new Tensor(Uniform(random, outChannels * inChannels * kernelSize * kernelSize, bound), outChannels, inChannels, kernelSize, kernelSize));
        Bias = bias ? Parameter("bias", new Tensor(Uniform(random, outChannels, bound), outChannels)) : null;
    }

    public int Stride { get; }
    public int Padding { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Tensor Forward(Tensor x) => F.Conv2d(x, Weight, Bias, Stride, Padding);
}

namespace AutoFoh.Neural.Modules;

/// <summary>
/// A multilayer perceptron as torch.nn.Sequential(Linear, act, Linear, act, ..., Linear): state_dict names
/// "0.weight", "2.weight"... as a Sequential would number them (activations hold no parameters).
/// </summary>
public sealed class Mlp : Module
{
    private readonly Linear[] _layers;

    public Mlp(IReadOnlyList<int> sizes, Random random, string activation = "relu")
    {
        if (sizes.Count < 2) throw new ArgumentException("an MLP needs an input and an output size");
        if (activation is not ("relu" or "gelu" or "tanh")) throw new ArgumentException($"activation '{activation}' is not relu, gelu or tanh");
        Activation = activation;
        _layers = new Linear[sizes.Count - 1];
        for (int i = 0; i < _layers.Length; i++) _layers[i] = Child((2 * i).ToString(System.Globalization.CultureInfo.InvariantCulture), new Linear(sizes[i], sizes[i + 1], random));
    }

    public string Activation { get; }
    public ReadOnlySpan<Linear> Layers => _layers;

    public Tensor Forward(Tensor x)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            x = _layers[i].Forward(x);
            if (i < _layers.Length - 1) x = Activation switch { "gelu" => F.Gelu(x), "tanh" => F.Tanh(x), _ => F.Relu(x) };
        }
        return x;
    }
}

namespace AutoFoh.Neural.Modules;

/// <summary>
/// Base of layers and models, as torch.nn.Module: named parameters and sub-modules registered in order,
/// state_dict names joined with dots ("layers.0.self_attn.in_proj_weight"), train/eval mode.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> _parameters = [];
    private readonly List<(string Name, Module Child)> _children = [];

    public bool Training { get; private set; } = true;

    protected Tensor Parameter(string name, Tensor value)
    {
        value.RequiresGrad = true;
        value.Name = name;
        _parameters.Add((name, value));
        return value;
    }

    protected T Child<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + ".")) yield return item;
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    public int ParameterCount => Parameters().Sum(p => p.Size);

    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
    }

    public void Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

    /// <summary>
    /// Copies values in by name. Every parameter must be present with its exact shape and no extra
    /// tensor may be given: the error names the first missing, extra or misshapen tensor.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var own = StateDict();
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var value)) throw new CheckpointException($"checkpoint is missing tensor '{name}' of shape {Tensor.Format(p.Shape)}");
            if (!value.Shape.SequenceEqual(p.Shape))
                throw new CheckpointException($"checkpoint tensor '{name}' has shape {Tensor.Format(value.Shape)}, the model expects {Tensor.Format(p.Shape)}");
        }
        foreach (var name in state.Keys)
            if (!own.ContainsKey(name)) throw new CheckpointException($"checkpoint has unexpected tensor '{name}'");
        foreach (var (name, p) in own) state[name].Data.CopyTo(p.Data, 0);
    }

    /// <summary>Uniform initialisation in ±bound, from the module's generator.</summary>
    protected static float[] Uniform(Random random, int count, double bound)
    {
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        return data;
    }
}

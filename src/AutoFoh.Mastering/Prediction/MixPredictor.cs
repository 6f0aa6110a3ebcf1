using System.Text.Json;
using System.Text.Json.Nodes;
using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Parameters;
using AutoFoh.Neural;
using AutoFoh.Neural.Inference;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Mastering.Prediction;

/// <summary>A stem as the predictor sees it: its name (which gives its role unless one is given) and its features.</summary>
public sealed record PredictorStem(string Name, StemFeatures Features, InstrumentRole? Role = null)
{
    public InstrumentRole ResolvedRole => Role ?? InstrumentRoles.FromStemName(Name);
}

/// <summary>
/// Seed 004's parameter predictor: an MLP (input → 256 → 256 → 128 → 11 parameters per slot, ReLU) from
/// the features of up to 8 stems and the style to each stem's strip, every output a sigmoid scaled to its
/// real range (<see cref="StripParameterSpace"/>), so no input can give a value out of range. A suggestion
/// for a person (seed 003): the solver and the person correct it.
/// </summary>
public sealed class MixPredictor
{
    public const string Format = "autofoh-mix-predictor";
    public static readonly int[] HiddenSizes = [256, 256, 128];

    private readonly object _inferenceLock = new();
    private MlpInference? _inference;

    private MixPredictor(Mlp network, JsonObject training)
    {
        Network = network;
        Training = training;
    }

    /// <summary>An untrained predictor with weights drawn from <paramref name="seed"/> (torch's default initialisation).</summary>
    public MixPredictor(int seed) : this(new Mlp(LayerSizes, new Random(seed)), new JsonObject()) { }

    public static int[] LayerSizes => [MixInput.Size, .. HiddenSizes, MixInput.MaxStems * StripParameterSpace.Count];

    /// <summary>The network; its weights are read into the inference buffers at the first prediction, so train before predicting.</summary>
    internal Mlp Network { get; }

    /// <summary>How the weights were made (command, seed, data recipe, figures), saved in the file's config.</summary>
    public JsonObject Training { get; internal set; }

    public int ParameterCount => Network.ParameterCount;

    /// <summary>One strip per stem, in the order given.</summary>
    public IReadOnlyList<StripParameters> Predict(IReadOnlyList<PredictorStem> stems, string style)
    {
        var values = PredictValues(stems, style);
        return stems.Select((s, i) => StripParameterSpace.ToStrip(s.Name, s.ResolvedRole, values[i])).ToList();
    }

    /// <summary>The real-valued parameters (in <see cref="StripParameterSpace.Parameters"/> order) of each stem.</summary>
    public double[][] PredictValues(IReadOnlyList<PredictorStem> stems, string style)
    {
        ArgumentNullException.ThrowIfNull(stems);
        if (stems.Count == 0) throw new ArgumentException("no stems to predict parameters for", nameof(stems));
        if (stems.Count > MixInput.MaxStems) throw new ArgumentException($"{stems.Count} stems: the mix predictor takes at most {MixInput.MaxStems}", nameof(stems));
        var order = MixInput.CanonicalOrder(stems.Select(s => s.ResolvedRole).ToList());
        var slots = new MixInput.Slot?[MixInput.MaxStems];
        for (int slot = 0; slot < order.Length; slot++) slots[slot] = new MixInput.Slot(stems[order[slot]].ResolvedRole, stems[order[slot]].Features);
        var input = new float[MixInput.Size];
        MixInput.Encode(slots, style, input);
        var units = new float[MixInput.MaxStems * StripParameterSpace.Count];
        lock (_inferenceLock)
        {
            // Weights transposed once, buffers reused: a prediction costs microseconds (the training's
            // tensor path would transpose every layer on each call).
            _inference ??= new MlpInference(Network, 1);
            _inference.Forward(input, units);
        }
        for (int i = 0; i < units.Length; i++) units[i] = F.SigmoidValue(units[i]);
        var values = new double[stems.Count][];
        for (int slot = 0; slot < order.Length; slot++) values[order[slot]] = ToValues(units.AsSpan(slot * StripParameterSpace.Count, StripParameterSpace.Count));
        return values;
    }

    internal static double[] ToValues(ReadOnlySpan<float> units)
    {
        var values = new double[StripParameterSpace.Count];
        for (int p = 0; p < values.Length; p++) values[p] = StripParameterSpace.Parameters[p].FromUnit(units[p]);
        return values;
    }

    public void Save(string path)
    {
        var config = new JsonObject
        {
            ["slots"] = MixInput.MaxStems,
            ["slot_input_size"] = MixInput.SlotSize,
            ["input_size"] = MixInput.Size,
            ["layer_sizes"] = new JsonArray(LayerSizes.Select(s => (JsonNode)s).ToArray()),
            ["activation"] = Network.Activation,
            ["styles"] = new JsonArray(MixStyles.Names.Select(s => (JsonNode)s).ToArray()),
            ["roles"] = new JsonArray(InstrumentRoles.All.Select(r => (JsonNode)r.ToString().ToLowerInvariant()).ToArray()),
            ["parameters"] = new JsonArray(StripParameterSpace.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["min"] = p.Min, ["max"] = p.Max, ["scale"] = p.Scale.ToString().ToLowerInvariant(),
            }).ToArray()),
            ["training"] = JsonNode.Parse(Training.ToJsonString()),
        };
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        Checkpoint.Save(path, Network, Format, config.ToJsonString());
    }

    /// <summary>Reads a predictor saved by <see cref="Save"/>; a missing, damaged or differently shaped file is refused with one line naming it.</summary>
    public static MixPredictor Load(string path)
    {
        var (configJson, tensors) = Checkpoint.Read(path, Format);
        JsonObject config;
        try { config = JsonNode.Parse(configJson)!.AsObject(); }
        catch (Exception error) when (error is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new CheckpointException($"{path}: the predictor's configuration is not a JSON object");
        }
        var expected = new JsonArray(LayerSizes.Select(s => (JsonNode)s).ToArray()).ToJsonString();
        string found = config["layer_sizes"]?.ToJsonString() ?? "none";
        if (found != expected)
            throw new CheckpointException($"{path}: a mix predictor of layer sizes {found}, this version expects {expected}");
        string activation = config["activation"]?.ToString() ?? "relu";
        if (activation is not ("relu" or "gelu" or "tanh")) throw new CheckpointException($"{path}: activation '{activation}' is not relu, gelu or tanh");
        var network = new Mlp(LayerSizes, new Random(0), activation);
        Checkpoint.LoadInto(path, network, tensors);
        var training = config["training"] is JsonObject t ? (JsonObject)JsonNode.Parse(t.ToJsonString())! : new JsonObject();
        return new MixPredictor(network, training);
    }
}

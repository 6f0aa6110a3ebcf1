namespace AutoFoh.Neural.Modules;

/// <summary>
/// torch.nn.GRU, batch_first, any number of layers. Gates in torch's order (r, z, n):
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// Parameters weight_ih_l{k} [3H, in], weight_hh_l{k} [3H, H], bias_ih_l{k}, bias_hh_l{k}, all U(±1/√H).
/// Forward returns the last layer's outputs and every layer's final state, so inference can stream.
/// </summary>
public sealed class Gru : Module
{
    private readonly Tensor[] _weightIh, _weightHh, _biasIh, _biasHh;

    public Gru(int inputSize, int hiddenSize, Random random, int numLayers = 1)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        double bound = 1 / Math.Sqrt(hiddenSize);
        _weightIh = new Tensor[numLayers];
        _weightHh = new Tensor[numLayers];
        _biasIh = new Tensor[numLayers];
        _biasHh = new Tensor[numLayers];
        for (int l = 0; l < numLayers; l++)
        {
            int inSize = l == 0 ? inputSize : hiddenSize;
            _weightIh[l] = Parameter($"weight_ih_l{l}", new Tensor(Uniform(random, 3 * hiddenSize * inSize, bound), 3 * hiddenSize, inSize));
            _weightHh[l] = Parameter($"weight_hh_l{l}", new Tensor(Uniform(random, 3 * hiddenSize * hiddenSize, bound), 3 * hiddenSize, hiddenSize));
            _biasIh[l] = Parameter($"bias_ih_l{l}", new Tensor(Uniform(random, 3 * hiddenSize, bound), 3 * hiddenSize));
            _biasHh[l] = Parameter($"bias_hh_l{l}", new Tensor(Uniform(random, 3 * hiddenSize, bound), 3 * hiddenSize));
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public ReadOnlySpan<Tensor> WeightIh => _weightIh;
    public ReadOnlySpan<Tensor> WeightHh => _weightHh;
    public ReadOnlySpan<Tensor> BiasIh => _biasIh;
    public ReadOnlySpan<Tensor> BiasHh => _biasHh;

    /// <summary>x [B, T, in], h0 [layers, B, H] (zeros when null) → (output [B, T, H], h_n [layers, B, H]).</summary>
    public (Tensor Output, Tensor HiddenState) Forward(Tensor x, Tensor? h0 = null)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize) throw new ShapeMismatchException($"gru: input shape {Tensor.Format(x.Shape)} is not [B, T, {InputSize}]");
        int batch = x.Shape[0], steps = x.Shape[1], hidden = HiddenSize;
        if (h0 is not null && !h0.Shape.SequenceEqual(new[] { NumLayers, batch, hidden }))
            throw ShapeMismatchException.For("gru h0", x, h0, $"h0 must be [{NumLayers}, {batch}, {hidden}]");
        var layerInput = x;
        var finals = new List<Tensor>();
        for (int l = 0; l < NumLayers; l++)
        {
            var h = h0 is null ? Tensor.Zeros(batch, hidden) : F.Reshape(F.Slice(h0, 0, l, 1), batch, hidden);
            var projected = F.Linear(layerInput, _weightIh[l], _biasIh[l]);                     // [B, T, 3H]
            var outputs = new List<Tensor>(steps);
            for (int t = 0; t < steps; t++)
            {
                var gi = F.Reshape(F.Slice(projected, 1, t, 1), batch, 3 * hidden);
                var gh = F.Linear(h, _weightHh[l], _biasHh[l]);                                   // [B, 3H]
                var r = F.Sigmoid(F.Add(F.Slice(gi, 1, 0, hidden), F.Slice(gh, 1, 0, hidden)));
                var z = F.Sigmoid(F.Add(F.Slice(gi, 1, hidden, hidden), F.Slice(gh, 1, hidden, hidden)));
                var n = F.Tanh(F.Add(F.Slice(gi, 1, 2 * hidden, hidden), F.Mul(r, F.Slice(gh, 1, 2 * hidden, hidden))));
                h = F.Add(n, F.Mul(z, F.Sub(h, n)));                                                // (1−z)·n + z·h
                outputs.Add(F.Unsqueeze(h, 1));
            }
            layerInput = F.Concat(outputs, 1);
            finals.Add(F.Unsqueeze(h, 0));
        }
        return (layerInput, F.Concat(finals, 0));
    }
}

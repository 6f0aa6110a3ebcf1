namespace AutoFoh.Neural.Modules;

/// <summary>
/// torch.nn.MultiheadAttention, batch_first, self-attention: packed in_proj_weight [3E, E] and
/// in_proj_bias (q, k, v in that order), out_proj; scores scaled by 1/√(E/heads). The key padding mask
/// [B, S] (nonzero = padding, torch's True) keeps every query from attending to padded keys, which is
/// how one model takes any number of channels.
/// </summary>
public sealed class MultiheadAttention : Module
{
    private readonly Random _random;

    public MultiheadAttention(int embedDim, int numHeads, Random random, float dropout = 0)
    {
        if (embedDim % numHeads != 0) throw new ArgumentException($"embed_dim {embedDim} is not divisible by num_heads {numHeads}");
        EmbedDim = embedDim;
        NumHeads = numHeads;
        DropoutP = dropout;
        _random = random;
        // Xavier uniform for the packed projection, zero biases (torch's _reset_parameters).
        double bound = Math.Sqrt(6.0 / (embedDim + 3 * embedDim));
        InProjWeight = Parameter("in_proj_weight", new Tensor(Uniform(random, 3 * embedDim * embedDim, bound), 3 * embedDim, embedDim));
        InProjBias = Parameter("in_proj_bias", Tensor.Zeros(3 * embedDim));
        OutProj = Child("out_proj", new Linear(embedDim, embedDim, random));
        Array.Clear(OutProj.Bias!.Data);
    }

    public int EmbedDim { get; }
    public int NumHeads { get; }
    public float DropoutP { get; }
    public Tensor InProjWeight { get; }
    public Tensor InProjBias { get; }
    public Linear OutProj { get; }

    /// <summary>x [B, S, E] → [B, S, E].</summary>
    public Tensor Forward(Tensor x, Tensor? keyPaddingMask = null)
    {
        if (x.Rank != 3 || x.Shape[2] != EmbedDim) throw new ShapeMismatchException($"multihead_attention: input shape {Tensor.Format(x.Shape)} is not [B, S, {EmbedDim}]");
        int batch = x.Shape[0], seq = x.Shape[1], heads = NumHeads, headDim = EmbedDim / NumHeads;
        if (keyPaddingMask is not null && !keyPaddingMask.Shape.SequenceEqual(new[] { batch, seq }))
            throw ShapeMismatchException.For("multihead_attention key_padding_mask", x, keyPaddingMask, $"mask must be [{batch}, {seq}]");
        var qkv = F.Linear(x, InProjWeight, InProjBias);                                   // [B, S, 3E]
        Tensor Head(int part) => F.Permute(F.Reshape(F.Slice(qkv, 2, part * EmbedDim, EmbedDim), batch, seq, heads, headDim), 0, 2, 1, 3);
        var q = F.Mul(Head(0), 1f / MathF.Sqrt(headDim));
        var k = Head(1);
        var v = Head(2);
        var scores = F.MatMul(q, F.Transpose(k, 2, 3));                                    // [B, H, S, S]
        if (keyPaddingMask is not null) scores = F.MaskedFill(scores, F.Reshape(keyPaddingMask, batch, 1, 1, seq), float.NegativeInfinity);
        var weights = F.Dropout(F.Softmax(scores, -1), DropoutP, Training, _random);
        var context = F.Reshape(F.Permute(F.MatMul(weights, v), 0, 2, 1, 3), batch, seq, EmbedDim);
        return OutProj.Forward(context);
    }
}

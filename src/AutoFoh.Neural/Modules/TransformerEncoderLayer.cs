namespace AutoFoh.Neural.Modules;

/// <summary>
/// torch.nn.TransformerEncoderLayer (batch_first): self-attention and a feed-forward block
/// (linear1 → activation → dropout → linear2), each with dropout and a residual; LayerNorm after each
/// residual (post-norm, torch's default) or before each block (norm_first = pre-norm).
/// </summary>
public sealed class TransformerEncoderLayer : Module
{
    private readonly Random _random;

    public TransformerEncoderLayer(int dModel, int nHead, int dimFeedforward, Random random, float dropout = 0.1f,
        string activation = "relu", bool normFirst = false, float layerNormEps = 1e-5f)
    {
        if (activation is not ("relu" or "gelu")) throw new ArgumentException($"activation '{activation}' is not relu or gelu");
        _random = random;
        DModel = dModel;
        Activation = activation;
        NormFirst = normFirst;
        DropoutP = dropout;
        SelfAttn = Child("self_attn", new MultiheadAttention(dModel, nHead, random, dropout));
        Linear1 = Child("linear1", new Linear(dModel, dimFeedforward, random));
        Linear2 = Child("linear2", new Linear(dimFeedforward, dModel, random));
        Norm1 = Child("norm1", new LayerNorm(dModel, layerNormEps));
        Norm2 = Child("norm2", new LayerNorm(dModel, layerNormEps));
    }

    public int DModel { get; }
    public string Activation { get; }
    public bool NormFirst { get; }
    public float DropoutP { get; }
    public MultiheadAttention SelfAttn { get; }
    public Linear Linear1 { get; }
    public Linear Linear2 { get; }
    public LayerNorm Norm1 { get; }
    public LayerNorm Norm2 { get; }

    public Tensor Forward(Tensor x, Tensor? srcKeyPaddingMask = null)
    {
        if (NormFirst)
        {
            x = F.Add(x, AttentionBlock(Norm1.Forward(x), srcKeyPaddingMask));
            return F.Add(x, FeedForwardBlock(Norm2.Forward(x)));
        }
        x = Norm1.Forward(F.Add(x, AttentionBlock(x, srcKeyPaddingMask)));
        return Norm2.Forward(F.Add(x, FeedForwardBlock(x)));
    }

    private Tensor AttentionBlock(Tensor x, Tensor? mask) => F.Dropout(SelfAttn.Forward(x, mask), DropoutP, Training, _random);

    private Tensor FeedForwardBlock(Tensor x)
    {
        var hidden = Linear1.Forward(x);
        hidden = Activation == "gelu" ? F.Gelu(hidden) : F.Relu(hidden);
        hidden = F.Dropout(hidden, DropoutP, Training, _random);
        return F.Dropout(Linear2.Forward(hidden), DropoutP, Training, _random);
    }
}

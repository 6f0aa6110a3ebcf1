namespace AutoFoh.Neural.Modules;

/// <summary>torch.nn.LayerNorm over the last dimension, elementwise affine (weight 1, bias 0).</summary>
public sealed class LayerNorm : Module
{
    public LayerNorm(int features, float eps = 1e-5f)
    {
        Eps = eps;
        Weight = Parameter("weight", Tensor.Full(1f, features));
        Bias = Parameter("bias", Tensor.Zeros(features));
    }

    public float Eps { get; }
    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public Tensor Forward(Tensor x) => F.LayerNorm(x, Weight, Bias, Eps);
}

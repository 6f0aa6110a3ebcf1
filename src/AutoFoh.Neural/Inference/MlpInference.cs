using AutoFoh.Neural.Kernels;
using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Inference;

/// <summary>
/// Inference of an <see cref="Mlp"/> for a fixed number of rows, weights transposed once and buffers
/// allocated up front: <see cref="Forward"/> allocates nothing. Gives the numbers of <see cref="Mlp.Forward"/>.
/// </summary>
public sealed class MlpInference
{
    private readonly Mlp _mlp;
    private readonly int _rows;
    private readonly float[][] _weightsT, _activations;

    public MlpInference(Mlp mlp, int rows)
    {
        _mlp = mlp;
        _rows = rows;
        var layers = mlp.Layers;
        _weightsT = new float[layers.Length][];
        _activations = new float[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            _weightsT[i] = new float[layers[i].Weight.Size];
            MatMulKernel.Transpose(layers[i].Weight.Data, _weightsT[i], layers[i].OutFeatures, layers[i].InFeatures);
            _activations[i] = new float[rows * layers[i].OutFeatures];
        }
    }

    /// <summary>input [rows, in] → output [rows, out].</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        var layers = _mlp.Layers;
        var x = input;
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            var y = _activations[i];
            if (layer.Bias is { } bias) for (int r = 0; r < _rows; r++) bias.Data.AsSpan().CopyTo(y.AsSpan(r * layer.OutFeatures, layer.OutFeatures));
            else Array.Clear(y);
            MatMulKernel.Multiply(x[..(_rows * layer.InFeatures)], _weightsT[i], y, _rows, layer.InFeatures, layer.OutFeatures, accumulate: true, allowParallel: false);
            if (i < layers.Length - 1)
                for (int k = 0; k < y.Length; k++)
                    y[k] = _mlp.Activation switch { "gelu" => F.GeluValue(y[k]), "tanh" => MathF.Tanh(y[k]), _ => Math.Max(0, y[k]) };
            x = y;
        }
        x.CopyTo(output);
    }
}

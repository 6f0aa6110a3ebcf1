using AutoFoh.Neural.Kernels;
using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Inference;

/// <summary>
/// Inference of a <see cref="TransformerEncoderLayer"/> (eval mode: no dropout) for a fixed batch and
/// sequence length, with weights transposed once and every intermediate buffer allocated up front, so a
/// forward pass allocates nothing. Gives the same numbers as the autograd path (tested).
/// </summary>
public sealed class TransformerEncoderInference
{
    private readonly TransformerEncoderLayer _layer;
    private readonly int _batch, _seq, _e, _heads, _headDim, _ff;
    private readonly float[] _inProjT, _outProjT, _linear1T, _linear2T;
    private readonly float[] _x, _normed, _qkv, _scores, _context, _attention, _hidden, _ffOut;

    public TransformerEncoderInference(TransformerEncoderLayer layer, int batch, int sequence)
    {
        _layer = layer;
        _batch = batch;
        _seq = sequence;
        _e = layer.DModel;
        _heads = layer.SelfAttn.NumHeads;
        _headDim = _e / _heads;
        _ff = layer.Linear1.OutFeatures;
        _inProjT = Transposed(layer.SelfAttn.InProjWeight);
        _outProjT = Transposed(layer.SelfAttn.OutProj.Weight);
        _linear1T = Transposed(layer.Linear1.Weight);
        _linear2T = Transposed(layer.Linear2.Weight);
        int rows = batch * sequence;
        _x = new float[rows * _e];
        _normed = new float[rows * _e];
        _qkv = new float[rows * 3 * _e];
        _scores = new float[sequence];
        _context = new float[rows * _e];
        _attention = new float[rows * _e];
        _hidden = new float[rows * _ff];
        _ffOut = new float[rows * _e];
    }

    private static float[] Transposed(Tensor weight)
    {
        var t = new float[weight.Size];
        MatMulKernel.Transpose(weight.Data, t, weight.Shape[0], weight.Shape[1]);
        return t;
    }

    /// <summary>input [B, S, E] → output [B, S, E]; <paramref name="keyPaddingMask"/> [B, S] (nonzero = padded) or empty.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> keyPaddingMask = default)
    {
        int rows = _batch * _seq;
        input[..(rows * _e)].CopyTo(_x);
        var l = _layer;
        if (l.NormFirst)
        {
            Norm(_x, _normed, l.Norm1);
            Attention(_normed, keyPaddingMask);
            Add(_x, _attention);
            Norm(_x, _normed, l.Norm2);
            FeedForward(_normed);
            Add(_x, _ffOut);
        }
        else
        {
            Attention(_x, keyPaddingMask);
            Add(_x, _attention);
            Norm(_x, _x, l.Norm1);
            FeedForward(_x);
            Add(_x, _ffOut);
            Norm(_x, _x, l.Norm2);
        }
        _x.AsSpan(0, rows * _e).CopyTo(output);
    }

    private void Norm(float[] source, float[] destination, LayerNorm norm)
    {
        for (int r = 0; r < _batch * _seq; r++)
        {
            var row = destination.AsSpan(r * _e, _e);
            source.AsSpan(r * _e, _e).CopyTo(row);
            LayerNormKernel.Apply(row, norm.Weight.Data, norm.Bias.Data, norm.Eps);
        }
    }

    private static void Add(float[] target, float[] addend)
    {
        for (int i = 0; i < target.Length; i++) target[i] += addend[i];
    }

    private void Linear(ReadOnlySpan<float> x, float[] weightT, Tensor? bias, Span<float> y, int inFeatures, int outFeatures)
    {
        int rows = _batch * _seq;
        if (bias is not null) for (int r = 0; r < rows; r++) bias.Data.CopyTo(y.Slice(r * outFeatures, outFeatures));
        MatMulKernel.Multiply(x, weightT, y, rows, inFeatures, outFeatures, accumulate: bias is not null, allowParallel: false);
    }

    private void Attention(float[] x, ReadOnlySpan<float> mask)
    {
        var attn = _layer.SelfAttn;
        Linear(x, _inProjT, attn.InProjBias, _qkv, _e, 3 * _e);
        float scale = 1f / MathF.Sqrt(_headDim);
        int stride = 3 * _e;
        for (int b = 0; b < _batch; b++)
            for (int h = 0; h < _heads; h++)
                for (int i = 0; i < _seq; i++)
                {
                    var q = _qkv.AsSpan((b * _seq + i) * stride + h * _headDim, _headDim);
                    float max = float.NegativeInfinity;
                    for (int j = 0; j < _seq; j++)
                    {
                        if (!mask.IsEmpty && mask[b * _seq + j] != 0) { _scores[j] = float.NegativeInfinity; continue; }
                        var k = _qkv.AsSpan((b * _seq + j) * stride + _e + h * _headDim, _headDim);
                        float dot = 0;
                        for (int d = 0; d < _headDim; d++) dot += q[d] * scale * k[d];
                        _scores[j] = dot;
                        if (dot > max) max = dot;
                    }
                    float sum = 0;
                    for (int j = 0; j < _seq; j++)
                    {
                        float e = float.IsNegativeInfinity(_scores[j]) ? 0 : MathF.Exp(_scores[j] - max);
                        _scores[j] = e;
                        sum += e;
                    }
                    var context = _context.AsSpan((b * _seq + i) * _e + h * _headDim, _headDim);
                    context.Clear();
                    if (sum == 0) continue;
                    for (int j = 0; j < _seq; j++)
                    {
                        float w = _scores[j] / sum;
                        if (w == 0) continue;
                        var v = _qkv.AsSpan((b * _seq + j) * stride + 2 * _e + h * _headDim, _headDim);
                        for (int d = 0; d < _headDim; d++) context[d] += w * v[d];
                    }
                }
        Linear(_context, _outProjT, attn.OutProj.Bias, _attention, _e, _e);
    }

    private void FeedForward(float[] x)
    {
        var l = _layer;
        Linear(x, _linear1T, l.Linear1.Bias, _hidden, _e, _ff);
        if (l.Activation == "gelu") for (int i = 0; i < _hidden.Length; i++) _hidden[i] = F.GeluValue(_hidden[i]);
        else for (int i = 0; i < _hidden.Length; i++) _hidden[i] = Math.Max(0, _hidden[i]);
        Linear(_hidden, _linear2T, l.Linear2.Bias, _ffOut, _ff, _e);
    }
}

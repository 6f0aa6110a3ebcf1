using AutoFoh.Neural.Modules;
using static AutoFoh.Neural.Tests.GradientCheck;

namespace AutoFoh.Neural.Tests;

/// <summary>Every op and layer: autograd agrees with finite differences.</summary>
public class GradientCheckTests
{
    [Fact] public void Matmul() => Verify("matmul", x => F.MatMul(x[0], x[1]), Random(1, 3, 4), Random(2, 4, 5));
    [Fact] public void Matmul_batch_of_rows_by_a_matrix() => Verify("matmul [B,M,K]x[K,N]", x => F.MatMul(x[0], x[1]), Random(1, 2, 3, 4), Random(2, 4, 2));
    [Fact] public void Batched_matmul() => Verify("bmm", x => F.MatMul(x[0], x[1]), Random(3, 2, 3, 4), Random(4, 2, 4, 5));
    [Fact] public void Add_with_broadcasting() => Verify("add", x => F.Add(x[0], x[1]), Random(5, 2, 3, 4), Random(6, 3, 1));
    [Fact] public void Sub_with_broadcasting() => Verify("sub", x => F.Sub(x[0], x[1]), Random(5, 2, 3), Random(6, 3));
    [Fact] public void Mul_with_broadcasting() => Verify("mul", x => F.Mul(x[0], x[1]), Random(7, 4, 1, 3), Random(8, 1, 5, 3));
    [Fact] public void Div_with_broadcasting() => Verify("div", x => F.Div(x[0], x[1]), Random(9, 2, 3), Positive(10, 2, 1));
    [Fact] public void Exp() => Verify("exp", x => F.Exp(x[0]), Random(11, 3, 4));
    [Fact] public void Log() => Verify("log", x => F.Log(x[0]), Positive(12, 3, 4));
    [Fact] public void Sqrt() => Verify("sqrt", x => F.Sqrt(x[0]), Positive(13, 3, 4));
    [Fact] public void Tanh() => Verify("tanh", x => F.Tanh(x[0]), Random(14, 3, 4));
    [Fact] public void Sigmoid() => Verify("sigmoid", x => F.Sigmoid(x[0]), Random(15, 3, 4));
    [Fact] public void Relu() => Verify("relu", x => F.Relu(x[0]), AwayFromZero(16, 3, 4));
    [Fact] public void Gelu() => Verify("gelu", x => F.Gelu(x[0]), Random(17, 2.0, 3, 4));
    [Fact] public void Softplus() => Verify("softplus", x => F.Softplus(x[0]), Random(18, 3.0, 3, 4));
    [Fact] public void Softmax_over_a_middle_axis() => Verify("softmax", x => F.Softmax(x[0], 1), Random(19, 2, 4, 3));
    [Fact] public void Log_softmax() => Verify("log_softmax", x => F.LogSoftmax(x[0], -1), Random(20, 3, 5));
    [Fact] public void Sum_over_an_axis() => Verify("sum", x => F.Sum(x[0], 1, keepDim: true), Random(21, 2, 3, 4));
    [Fact] public void Mean_over_an_axis() => Verify("mean", x => F.Mean(x[0], 0), Random(22, 3, 4));
    [Fact] public void Max_over_an_axis() => Verify("max", x => F.Max(x[0], -1), Random(23, 3, 6));
    [Fact] public void Reshape() => Verify("reshape", x => F.Mul(F.Reshape(x[0], 4, -1), F.Reshape(x[1], 4, 3)), Random(24, 2, 6), Random(25, 12));
    [Fact] public void Transpose() => Verify("transpose", x => F.Mul(F.Transpose(x[0], 0, 2), x[1]), Random(26, 2, 3, 4), Random(27, 4, 3, 2));
    [Fact] public void Permute() => Verify("permute", x => F.Mul(F.Permute(x[0], 2, 0, 1), x[1]), Random(28, 2, 3, 4), Random(29, 4, 2, 3));
    [Fact] public void Concat() => Verify("concat", x => F.Mul(F.Concat([x[0], x[1]], 1), x[2]), Random(30, 2, 2), Random(31, 2, 3), Random(32, 2, 5));
    [Fact] public void Slice() => Verify("slice", x => F.Slice(x[0], 1, 1, 2), Random(33, 3, 4));
    [Fact] public void Index_select() => Verify("index_select", x => F.IndexSelect(x[0], 0, [2, 0, 2]), Random(34, 3, 4));
    [Fact] public void Gather() => Verify("gather", x => F.Gather(x[0], 1, new Tensor([0, 2, 1, 1, 3, 0], 3, 2)), Random(35, 3, 4));
    [Fact] public void Masked_fill() => Verify("masked_fill", x => F.MaskedFill(x[0], new Tensor([1, 0, 0, 1], 1, 4), 0.5f), Random(36, 3, 4));
    [Fact] public void Clamp() => Verify("clamp", x => F.Clamp(x[0], -0.5f, 0.5f), Random(37, 4, 4));
    [Fact] public void Dropout_with_a_fixed_mask() => Verify("dropout", x => F.Dropout(x[0], 0.3f, training: true, new Random(5)), Random(38, 4, 4));
    [Fact] public void Mse_loss() => Verify("mse", x => F.MseLoss(x[0], x[1]), Random(39, 3, 2), Random(40, 3, 2));
    [Fact] public void Huber_loss() => Verify("huber", x => F.HuberLoss(x[0], x[1]), Random(41, 3.0, 3, 2), Random(42, 3, 2));
    [Fact] public void Cross_entropy() => Verify("cross_entropy", x => F.CrossEntropy(x[0], new Tensor([2, 0, 1], 3)), Random(43, 3, 4));

    [Fact]
    public void Linear_layer()
    {
        var m = new Linear(4, 3, new Random(1));
        Verify("Linear", x => F.Linear(x[0], x[1], x[2]), Random(44, 2, 4), m.Weight, m.Bias!);
    }

    [Fact]
    public void Layer_norm_layer()
    {
        var m = new LayerNorm(5);
        var w = Random(45, 5);
        Verify("LayerNorm", x => F.LayerNorm(x[0], x[1], x[2]), Random(46, 3, 5), w, m.Bias);
    }

    [Fact]
    public void Multihead_attention_with_padding()
    {
        var m = new MultiheadAttention(4, 2, new Random(2));
        var mask = new Tensor([0, 0, 1, 0, 0, 0], 2, 3);
        Verify("MultiheadAttention", x => m.Forward(x[0], mask), Random(47, 2, 3, 4));
        Verify("MultiheadAttention weights", x => m.Forward(Random(48, 2, 3, 4), mask), m.InProjWeight, m.OutProj.Weight);
    }

    [Theory]
    [InlineData(false, "relu")]
    [InlineData(true, "gelu")]
    public void Transformer_encoder_layer(bool normFirst, string activation)
    {
        var m = new TransformerEncoderLayer(4, 2, 8, new Random(3), dropout: 0, activation: activation, normFirst: normFirst);
        Verify("TransformerEncoderLayer", x => m.Forward(x[0]), Random(49, 2, 3, 4));
        Verify("TransformerEncoderLayer weights", x => m.Forward(Random(50, 2, 3, 4)), m.Linear1.Weight, m.SelfAttn.InProjWeight);
    }

    [Fact]
    public void Gru_two_layers()
    {
        var m = new Gru(3, 4, new Random(4), numLayers: 2);
        Verify("GRU output", x => m.Forward(x[0], x[1]).Output, Random(51, 2, 5, 3), Random(52, 0.5, 2, 2, 4));
        Verify("GRU weights", x => m.Forward(Random(53, 2, 4, 3)).HiddenState, m.WeightIh[1], m.WeightHh[0], m.BiasHh[0]);
    }

    [Fact]
    public void Conv1d_layer()
    {
        var m = new Conv1d(2, 3, 3, new Random(5), stride: 2, padding: 1);
        Verify("Conv1d", x => F.Conv1d(x[0], x[1], x[2], 2, 1), Random(54, 2, 2, 7), m.Weight, m.Bias!);
    }

    [Fact]
    public void Conv2d_layer()
    {
        var m = new Conv2d(2, 2, 3, new Random(6), stride: 2, padding: 1);
        Verify("Conv2d", x => F.Conv2d(x[0], x[1], x[2], 2, 1), Random(55, 1, 2, 5, 4), m.Weight, m.Bias!);
    }

    [Fact]
    public void Mlp_layers()
    {
        var m = new Mlp([3, 5, 2], new Random(7), "tanh");
        Verify("Mlp", x => m.Forward(x[0]), Random(56, 4, 3));
    }
}

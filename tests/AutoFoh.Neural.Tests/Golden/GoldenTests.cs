using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Neural.Tests.Golden;

/// <summary>
/// Outputs and gradients against PyTorch 1.13 (scripts/oracles/make_fixtures.py; fixtures committed, so
/// CI needs no Python), within 1e-5 relative (1e-4 for the long GRU sequence).
/// </summary>
public class GoldenTests
{
    private const double Rtol = 1e-5;

    /// <summary>Loads the fixture's parameters into the module, runs it, backpropagates grad_output, compares everything.</summary>
    private static void Check(Fixture f, Module module, Func<Dictionary<string, Tensor>, Tensor[]> forward, string[] inputNames, string[] outputNames, double rtol = Rtol)
    {
        module.LoadStateDict(f.Tensors.Where(t => t.Key.StartsWith("param.")).ToDictionary(t => t.Key["param.".Length..], t => t.Value.Detach()));
        module.Eval();
        var inputs = inputNames.ToDictionary(n => n, n => n.EndsWith("mask") ? f[n] : f.Input(n));
        var outputs = forward(inputs);
        Tensor? loss = null;
        for (int i = 0; i < outputNames.Length; i++)
        {
            Fixture.AssertClose(f[outputNames[i]], outputs[i], rtol, $"{f.Name} {outputNames[i]}");
            var g = f[i == 0 ? "grad_output" : "grad_output." + outputNames[i]];
            var term = F.Sum(F.Mul(outputs[i], g));
            loss = loss is null ? term : F.Add(loss, term);
        }
        loss!.Backward();
        foreach (var name in inputNames.Where(n => !n.EndsWith("mask")))
            Fixture.AssertClose(f["grad." + name], inputs[name].Grad!, rtol, $"{f.Name} grad of {name}");
        foreach (var (name, p) in module.NamedParameters())
            Fixture.AssertClose(f["grad.param." + name], p.Grad!, rtol, $"{f.Name} grad of {name}");
    }

    [Fact]
    public void Linear()
    {
        var m = new Linear(5, 3, new Random(0));
        Check(Fixture.Load("linear"), m, x => [m.Forward(x["input"])], ["input"], ["output"]);
    }

    [Fact]
    public void Layer_norm()
    {
        var m = new LayerNorm(6);
        Check(Fixture.Load("layer_norm"), m, x => [m.Forward(x["input"])], ["input"], ["output"]);
    }

    [Fact]
    public void Multihead_attention_with_a_key_padding_mask()
    {
        var m = new MultiheadAttention(8, 2, new Random(0));
        Check(Fixture.Load("multihead_attention_padding_mask"), m, x => [m.Forward(x["input"], x["key_padding_mask"])], ["input", "key_padding_mask"], ["output"]);
    }

    [Theory]
    [InlineData("transformer_encoder_layer_post", "relu", false)]
    [InlineData("transformer_encoder_layer_pre", "gelu", true)]
    public void Transformer_encoder_layer_post_and_pre_norm(string name, string activation, bool normFirst)
    {
        var m = new TransformerEncoderLayer(8, 2, 16, new Random(0), dropout: 0, activation: activation, normFirst: normFirst);
        Check(Fixture.Load(name), m, x => [m.Forward(x["input"], x["src_key_padding_mask"])], ["input", "src_key_padding_mask"], ["output"]);
    }

    [Theory]
    [InlineData("gru_2layer", 1e-5)]
    [InlineData("gru_2layer_long", 1e-4)]
    public void Gru_with_two_layers(string name, double rtol)
    {
        var m = new Gru(4, 6, new Random(0), numLayers: 2);
        Check(Fixture.Load(name), m, x => { var (o, h) = m.Forward(x["input"], x["h0"]); return [o, h]; }, ["input", "h0"], ["output", "h_n"], rtol);
    }

    [Fact]
    public void Conv1d_with_stride_and_padding()
    {
        var m = new Conv1d(3, 4, 3, new Random(0), stride: 2, padding: 1);
        Check(Fixture.Load("conv1d"), m, x => [m.Forward(x["input"])], ["input"], ["output"]);
    }

    [Fact]
    public void Conv2d_with_stride_and_padding()
    {
        var m = new Conv2d(2, 3, 3, new Random(0), stride: 2, padding: 1);
        Check(Fixture.Load("conv2d"), m, x => [m.Forward(x["input"])], ["input"], ["output"]);
    }

    [Theory]
    [InlineData("cross_entropy")]
    [InlineData("mse_loss")]
    [InlineData("l1_loss")]
    [InlineData("huber_loss")]
    public void Losses_and_their_gradients(string name)
    {
        var f = Fixture.Load(name);
        var input = f.Input("input");
        var target = f["target"];
        var loss = name switch
        {
            "cross_entropy" => F.CrossEntropy(input, target),
            "mse_loss" => F.MseLoss(input, target),
            "l1_loss" => F.L1Loss(input, target),
            _ => F.HuberLoss(input, target, 1f),
        };
        Fixture.AssertClose(f["output"], loss, Rtol, name);
        loss.Backward();
        Fixture.AssertClose(f["grad.input"], input.Grad!, Rtol, name + " gradient");
    }

    [Theory]
    [InlineData("op_softmax")]
    [InlineData("op_log_softmax")]
    [InlineData("op_gelu")]
    [InlineData("op_softplus")]
    [InlineData("op_bmm")]
    public void Single_ops_and_their_gradients(string name)
    {
        var f = Fixture.Load(name);
        var input = f.Input("input");
        var other = name == "op_bmm" ? f.Input("other") : null;
        var output = name switch
        {
            "op_softmax" => F.Softmax(input, -1),
            "op_log_softmax" => F.LogSoftmax(input, -1),
            "op_gelu" => F.Gelu(input),
            "op_softplus" => F.Softplus(input),
            _ => F.MatMul(input, other!),
        };
        Fixture.AssertClose(f["output"], output, Rtol, name);
        F.Sum(F.Mul(output, f["grad_output"])).Backward();
        Fixture.AssertClose(f["grad.input"], input.Grad!, Rtol, name + " gradient");
        if (other is not null) Fixture.AssertClose(f["grad.other"], other.Grad!, Rtol, name + " gradient of other");
    }

    [Theory]
    [InlineData("adam_3_steps")]
    [InlineData("adamw_3_steps")]
    [InlineData("sgd_momentum_3_steps")]
    public void Three_optimizer_steps(string name)
    {
        var f = Fixture.Load(name);
        var p = f.Input("param.w");
        double Get(string key) => f.Config.GetProperty(key).GetDouble();
        Optimizer optimizer = name switch
        {
            "adam_3_steps" => new Adam([p], Get("lr"), Get("beta1"), Get("beta2"), Get("eps"), Get("weight_decay")),
            "adamw_3_steps" => new AdamW([p], Get("lr"), Get("beta1"), Get("beta2"), Get("eps"), Get("weight_decay")),
            _ => new Sgd([p], Get("lr"), Get("momentum"), Get("weight_decay")),
        };
        for (int step = 1; step <= 3; step++)
        {
            p.Grad = f[$"grad.step{step}"].Detach();
            optimizer.Step();
            Fixture.AssertClose(f[$"param_after.step{step}"], p, Rtol, $"{name} after step {step}");
        }
    }

    [Fact]
    public void A_checkpoint_written_by_pytorch_loads_and_computes_the_same_output()
    {
        var f = Fixture.Load("torch_written");
        var (tensors, metadata) = SafeTensors.Load(Path.Combine(Fixture.Folder, "torch_written.safetensors"));
        Assert.Equal("torch-oracle", metadata["format"]);
        var mlp = new Mlp([3, 4, 2], new Random(0));
        mlp.LoadStateDict(tensors);
        var output = mlp.Forward(f["input"]);
        Fixture.AssertClose(f["output"], output, Rtol, "torch_written output");
    }
}

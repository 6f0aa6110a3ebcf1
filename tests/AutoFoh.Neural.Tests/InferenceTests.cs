using AutoFoh.Neural.Inference;
using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Tests;

/// <summary>Inference paths give the autograd path's numbers and allocate nothing after the first call.</summary>
public class InferenceTests
{
    [Fact]
    public void A_streaming_gru_step_matches_the_sequence_forward_and_allocates_nothing()
    {
        var gru = new Gru(5, 64, new Random(1), numLayers: 2);
        const int streams = 3, steps = 20;
        var x = GradientCheck.Random(2, streams, steps, 5);
        Tensor expected;
        using (GradMode.Disable()) expected = gru.Forward(x).Output;
        var streamer = new GruStreamer(gru, streams);
        var frame = new float[streams * 5];
        var output = new float[streams * 64];
        for (int t = 0; t < steps; t++)
        {
            for (int s = 0; s < streams; s++) Array.Copy(x.Data, (s * steps + t) * 5, frame, s * 5, 5);
            streamer.Step(frame, output);
            for (int s = 0; s < streams; s++)
                for (int j = 0; j < 64; j++)
                    Assert.True(Math.Abs(expected.Data[(s * steps + t) * 64 + j] - output[s * 64 + j]) < 1e-4, $"step {t}, stream {s}, unit {j}");
        }
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => streamer.Step(frame, output)));
    }

    [Theory]
    [InlineData(false, "relu")]
    [InlineData(true, "gelu")]
    public void Transformer_inference_matches_autograd_and_allocates_nothing(bool normFirst, string activation)
    {
        var layer = new TransformerEncoderLayer(64, 4, 128, new Random(3), dropout: 0.1f, activation: activation, normFirst: normFirst);
        layer.Eval();
        const int batch = 4, seq = 16;
        var x = GradientCheck.Random(4, batch, seq, 64);
        var maskData = new float[batch * seq];
        for (int s = 12; s < seq; s++) maskData[s] = 1; // the first batch item has 12 real positions
        var mask = new Tensor(maskData, batch, seq);
        Tensor expected;
        using (GradMode.Disable()) expected = layer.Forward(x, mask);
        var inference = new TransformerEncoderInference(layer, batch, seq);
        var output = new float[x.Size];
        Assert.Equal(0, SteadyStateAllocations.PerRound(() => inference.Forward(x.Data, output, maskData)));
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < (b == 0 ? 12 : seq); s++)
                for (int e = 0; e < 64; e++)
                {
                    int i = (b * seq + s) * 64 + e;
                    Assert.True(Math.Abs(expected.Data[i] - output[i]) < 1e-4, $"[{b},{s},{e}] {output[i]} vs {expected.Data[i]}");
                }
    }

    [Fact]
    public void No_grad_mode_records_no_graph()
    {
        var w = Tensor.Parameter([1f, 2f], 2);
        Tensor y;
        using (GradMode.Disable()) y = F.Mul(w, 3f);
        Assert.False(y.RequiresGrad);
        Assert.True(GradMode.IsEnabled);
    }
}

using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;

namespace AutoFoh.Neural.Tests;

/// <summary>Small models learn, in seconds, with the engine's own optimizers.</summary>
public class LearningTests
{
    [Fact]
    public void An_mlp_fits_a_smooth_regression_to_under_1_percent_error()
    {
        var random = new Random(1);
        // y = sin(2x0) + x1² − 0.5·x0·x1 on [−1, 1]².
        float Target(float a, float b) => MathF.Sin(2 * a) + b * b - 0.5f * a * b;
        const int n = 512;
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = random.NextSingle() * 2 - 1;
            x[2 * i + 1] = random.NextSingle() * 2 - 1;
            y[i] = Target(x[2 * i], x[2 * i + 1]);
        }
        var inputs = new Tensor(x, n, 2);
        var targets = new Tensor(y, n, 1);
        var model = new Mlp([2, 64, 64, 1], new Random(2), "tanh");
        var optimizer = new Adam(model.Parameters(), 3e-3);
        for (int step = 0; step < 1500; step++)
        {
            optimizer.ZeroGrad();
            var loss = F.MseLoss(model.Forward(inputs), targets);
            LossGuard.Check(loss, step);
            loss.Backward();
            optimizer.Step();
        }
        // Relative RMS error on fresh points.
        var testX = new float[200 * 2];
        var testY = new float[200];
        for (int i = 0; i < 200; i++) { testX[2 * i] = random.NextSingle() * 2 - 1; testX[2 * i + 1] = random.NextSingle() * 2 - 1; testY[i] = Target(testX[2 * i], testX[2 * i + 1]); }
        Tensor prediction;
        using (GradMode.Disable()) prediction = model.Forward(new Tensor(testX, 200, 2));
        double error = Math.Sqrt(prediction.Data.Zip(testY, (p, t) => (p - t) * (p - t)).Average());
        double spread = Math.Sqrt(testY.Select(t => t * t).Average());
        Assert.True(error / spread < 0.01, $"relative RMS error {error / spread:P2}");
    }

    [Fact]
    public void A_two_layer_transformer_learns_to_find_each_sequence_maximum()
    {
        // Each position must output the maximum of the whole sequence: only attention can see it.
        const int batch = 32, seq = 6, dModel = 32;
        var random = new Random(3);
        var embed = new Linear(1, dModel, new Random(4));
        var layers = new[] { new TransformerEncoderLayer(dModel, 4, 64, new Random(5), dropout: 0), new TransformerEncoderLayer(dModel, 4, 64, new Random(6), dropout: 0) };
        var head = new Linear(dModel, 1, new Random(7));
        var parameters = embed.Parameters().Concat(layers.SelectMany(l => l.Parameters())).Concat(head.Parameters()).ToList();
        var optimizer = new Adam(parameters, 2e-3);
        (Tensor X, Tensor Y) Batch()
        {
            var x = new float[batch * seq];
            var y = new float[batch * seq];
            for (int b = 0; b < batch; b++)
            {
                float max = float.MinValue;
                for (int s = 0; s < seq; s++) { x[b * seq + s] = random.NextSingle(); max = Math.Max(max, x[b * seq + s]); }
                for (int s = 0; s < seq; s++) y[b * seq + s] = max;
            }
            return (new Tensor(x, batch, seq, 1), new Tensor(y, batch, seq, 1));
        }
        Tensor Forward(Tensor x)
        {
            var h = embed.Forward(x);
            foreach (var layer in layers) h = layer.Forward(h);
            return head.Forward(h);
        }
        float baseline = 0;
        for (int step = 0; step < 400; step++)
        {
            var (x, y) = Batch();
            optimizer.ZeroGrad();
            var loss = F.MseLoss(Forward(x), y);
            if (step == 0) baseline = loss.Item();
            loss.Backward();
            GradientClipping.ClipGradNorm(parameters, 1.0);
            optimizer.Step();
        }
        var (tx, ty) = Batch();
        float final;
        using (GradMode.Disable()) final = F.MseLoss(Forward(tx), ty).Item();
        // Predicting the mean maximum (≈ 0.857) gives MSE ≈ 0.016; the model must do far better.
        Assert.True(final < 0.002f, $"test MSE {final} (first batch {baseline})");
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        var a = new TransformerEncoderLayer(8, 2, 16, new Random(42));
        var b = new TransformerEncoderLayer(8, 2, 16, new Random(42));
        var c = new TransformerEncoderLayer(8, 2, 16, new Random(43));
        Assert.Equal(a.StateDict().Keys, b.StateDict().Keys);
        foreach (var (name, p) in a.StateDict()) Assert.Equal(p.Data, b.StateDict()[name].Data);
        Assert.NotEqual(a.Linear1.Weight.Data, c.Linear1.Weight.Data);
    }

    [Fact]
    public void Learning_rate_schedules_follow_torch()
    {
        var p = Tensor.Parameter([1f], 1);
        var step = new StepLr(new Sgd([p], 0.1), stepSize: 3, gamma: 0.5);
        Assert.Equal(0.1, step.LearningRateAt(2), 12);
        Assert.Equal(0.05, step.LearningRateAt(3), 12);
        Assert.Equal(0.025, step.LearningRateAt(7), 12);
        var cosine = new CosineAnnealingLr(new Sgd([p], 0.1), tMax: 10, etaMin: 0.01);
        Assert.Equal(0.1, cosine.LearningRateAt(0), 12);
        Assert.Equal(0.055, cosine.LearningRateAt(5), 12);
        Assert.Equal(0.01, cosine.LearningRateAt(10), 12);
    }

    [Fact]
    public void Gradient_clipping_scales_the_joint_norm_down_to_the_limit()
    {
        var a = Tensor.Parameter([0f, 0f], 2);
        var b = Tensor.Parameter([0f], 1);
        a.Grad = new Tensor([3f, 0f], 2);
        b.Grad = new Tensor([4f], 1);
        double norm = GradientClipping.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 6);
        Assert.Equal(0.6f, a.Grad.Data[0], 4);
        Assert.Equal(0.8f, b.Grad.Data[0], 4);
    }
}

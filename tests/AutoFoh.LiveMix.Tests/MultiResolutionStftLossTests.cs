using AutoFoh.Lab.LiveMix;

namespace AutoFoh.LiveMix.Tests;

public class MultiResolutionStftLossTests
{
    private static float[][] Channels(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 8000).Select(n =>
            (float)(0.2 * Math.Sin(2 * Math.PI * (150 + 170 * c) * n / 16000 + c) + 0.05 * (random.NextDouble() * 2 - 1))).ToArray()).ToArray();
    }

    private static float[] Mix(float[][] channels, double[] gains) =>
        Enumerable.Range(0, channels[0].Length).Select(n => (float)channels.Select((x, c) => gains[c] * x[n]).Sum()).ToArray();

    [Fact]
    public void The_loss_is_the_evaluation_figure_and_zero_at_the_target_gains()
    {
        var channels = Channels(1);
        double[] truth = [0.5, 1.2, 0.8], guess = [1, 1, 1];
        var target = Mix(channels, truth);
        var gradient = new double[3];
        var loss = new MultiResolutionStftLoss();
        Assert.Equal(MixMetrics.MultiResolutionStft(Mix(channels, guess), target), loss.Evaluate(channels, target, guess, gradient), 4);
        Assert.True(loss.Evaluate(channels, target, truth, gradient) < 1e-3);
    }

    [Fact]
    public void The_gradient_matches_finite_differences_and_points_toward_the_target()
    {
        var channels = Channels(2);
        double[] truth = [0.5, 1.2, 0.8], gains = [0.9, 0.7, 1.1];
        var target = Mix(channels, truth);
        var loss = new MultiResolutionStftLoss();
        var gradient = new double[3];
        loss.Evaluate(channels, target, gains, gradient);
        var scratch = new double[3];
        for (int c = 0; c < 3; c++)
        {
            double h = 1e-3;
            var up = (double[])gains.Clone(); up[c] += h;
            var down = (double[])gains.Clone(); down[c] -= h;
            double numeric = (loss.Evaluate(channels, target, up, scratch) - loss.Evaluate(channels, target, down, scratch)) / (2 * h);
            Assert.InRange(gradient[c], numeric - 0.02 * Math.Abs(numeric) - 1e-3, numeric + 0.02 * Math.Abs(numeric) + 1e-3);
            // Too much gain has a positive gradient, too little a negative one.
            Assert.Equal(Math.Sign(gains[c] - truth[c]), Math.Sign(gradient[c]));
        }
    }

    [Fact]
    public void The_signal_gradient_matches_finite_differences_sample_by_sample()
    {
        var channels = Channels(3);
        var target = Mix(channels, [0.5, 1.2, 0.8]);
        var mix = Mix(channels, [0.9, 0.7, 1.1]);
        var loss = new MultiResolutionStftLoss();
        var gradient = new double[mix.Length];
        loss.EvaluateSignal(mix, target, gradient);
        var scratch = new double[mix.Length];
        // Samples at a frame edge, inside overlapping frames, and near the end.
        foreach (int n in new[] { 3, 700, 2048, 4500, 7990 })
        {
            float h = 2e-3f, saved = mix[n];
            mix[n] = saved + h; double up = loss.EvaluateSignal(mix, target, scratch);
            mix[n] = saved - h; double down = loss.EvaluateSignal(mix, target, scratch);
            mix[n] = saved;
            double numeric = (up - down) / (2 * h);
            // The |log| term has a kink wherever a bin's magnitude crosses the target's, so a finite
            // step of one sample is only close; the per-gain test above checks the sum tightly.
            Assert.InRange(gradient[n], numeric - 0.12 * Math.Abs(numeric) - 1e-5, numeric + 0.12 * Math.Abs(numeric) + 1e-5);
        }
        Assert.Contains(gradient, g => Math.Abs(g) > 1e-4);
    }

    [Fact]
    public void The_level_matched_loss_ignores_the_overall_level_but_its_gradient_holds()
    {
        var channels = Channels(4);
        var target = Mix(channels, [0.5, 1.2, 0.8]);
        var loss = new MultiResolutionStftLoss();
        double Loss(double[] gains, double[]? gradient = null)
        {
            var mix = Mix(channels, gains);
            var signal = new double[mix.Length];
            double value = loss.EvaluateLevelMatched(mix, target, signal, levelWeight: 1e-3);
            double level = 10 * Math.Log10(mix.Sum(v => (double)v * v) / target.Sum(v => (double)v * v));
            if (gradient is not null)
                for (int c = 0; c < 3; c++) gradient[c] = Enumerable.Range(0, mix.Length).Sum(n => signal[n] * channels[c][n]);
            return value + 1e-3 * level * level;
        }
        // Scaling every gain together changes only the level term.
        Assert.Equal(Loss([0.9, 0.7, 1.1]) - 1e-3 * Math.Pow(LevelDb([0.9, 0.7, 1.1]), 2), Loss([1.8, 1.4, 2.2]) - 1e-3 * Math.Pow(LevelDb([1.8, 1.4, 2.2]), 2), 3);
        double[] gains = [0.9, 0.7, 1.1];
        var analytic = new double[3];
        Loss(gains, analytic);
        for (int c = 0; c < 3; c++)
        {
            double h = 1e-3;
            var up = (double[])gains.Clone(); up[c] += h;
            var down = (double[])gains.Clone(); down[c] -= h;
            double numeric = (Loss(up) - Loss(down)) / (2 * h);
            Assert.InRange(analytic[c], numeric - 0.03 * Math.Abs(numeric) - 1e-3, numeric + 0.03 * Math.Abs(numeric) + 1e-3);
        }

        double LevelDb(double[] g) => 10 * Math.Log10(Mix(channels, g).Sum(v => (double)v * v) / target.Sum(v => (double)v * v));
    }
}

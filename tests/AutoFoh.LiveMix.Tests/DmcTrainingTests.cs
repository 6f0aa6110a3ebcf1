using AutoFoh.LiveMix.Models;
using AutoFoh.LiveMix.Training;

namespace AutoFoh.LiveMix.Tests;

public class DmcTrainingTests
{
    [Fact]
    public void A_tiny_DMC_learns_to_undo_bad_gain_staging_from_the_MR_STFT_loss()
    {
        // Three channels staged at -12, +8 and 0 dB; the target is the band at unity.
        const int rate = 16000, seconds = 8;
        double[] staging = [-12, 8, 0];
        var random = new Random(5);
        var dry = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, seconds * rate).Select(n =>
            (float)(0.1 * Math.Sin(2 * Math.PI * (180 + 250 * c) * n / rate) * (1 + 0.5 * Math.Sin(2 * Math.PI * (0.5 + c) * n / rate)) + 0.002 * (random.NextDouble() * 2 - 1))).ToArray()).ToArray();
        var channels = dry.Select((x, c) => x.Select(v => (float)(v * Math.Pow(10, staging[c] / 20))).ToArray()).ToArray();
        var target = Enumerable.Range(0, seconds * rate).Select(n => dry[0][n] + dry[1][n] + dry[2][n]).ToArray();
        var examples = DmcTrainer.Examples(channels, target);
        Assert.Equal(seconds * rate / 15600 - 1, examples.Count);
        var model = new DmcModel(new Random(1));
        var history = DmcTrainer.Train(model, examples, epochs: 40, learningRate: 3e-3, seed: 1);
        Assert.True(history[^1] < 0.6 * history[0], $"loss {history[0]:0.000} -> {history[^1]:0.000}");
        var gains = DmcTrainer.Gains(model, examples[0].Features);
        // The quiet channel is lifted, the hot one lowered, about as far as the staging was off.
        Assert.True(gains[0] - gains[2] > 6 && gains[2] - gains[1] > 4, $"gains {string.Join(", ", gains.Select(g => g.ToString("0.0")))} dB");
    }
}

using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Lab.LiveMix;
using AutoFoh.Neural;

namespace AutoFoh.LiveMix.Tests;

public class DmcTrainingTests
{
    [Fact]
    public void A_tiny_DMC_learns_to_undo_bad_gain_staging_from_the_MR_STFT_loss()
    {
        // Three channels staged at -12, +8 and 0 dB; the target is the band at unity.
        const int rate = 16000, seconds = 8;
        double[] staging = [-12, 8, 0];
        var dry = AiLiveTests.Dry(3, seconds, 5);
        var channels = dry.Select((x, c) => x.Select(v => (float)(v * Math.Pow(10, staging[c] / 20))).ToArray()).ToArray();
        var target = Enumerable.Range(0, seconds * rate).Select(n => dry[0][n] + dry[1][n] + dry[2][n]).ToArray();
        var model = new DmcModel(new Random(1));
        var trainer = new DmcStepTrainer(model, [new TrainingSong("tones", channels, target)], learningRate: 3e-3, seed: 1);
        var losses = Enumerable.Range(0, 240).Select(trainer.Step).ToArray();
        double first = losses.Take(20).Average(), last = losses.TakeLast(20).Average();
        Assert.True(last < 0.6 * first, $"loss {first:0.000} -> {last:0.000}");
        var features = new float[3 * ChannelFeatures.Size];
        var extractor = new ChannelFeatures();
        for (int c = 0; c < 3; c++) extractor.Compute(channels[c].AsSpan(0, LogMelFrontEnd.FrameSamples), features.AsSpan(c * ChannelFeatures.Size, ChannelFeatures.Size));
        float[] gains;
        using (GradMode.Disable()) gains = model.Forward(Tensor.FromArray(features, 3, ChannelFeatures.Size)).Data;
        // The quiet channel is lifted, the hot one lowered, about as far as the staging was off.
        Assert.True(gains[0] - gains[2] > 6 && gains[2] - gains[1] > 4, $"gains {string.Join(", ", gains.Select(g => g.ToString("0.0")))} dB");
    }
}

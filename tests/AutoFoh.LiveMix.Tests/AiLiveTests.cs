using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Mixers;
using AutoFoh.LiveMix.Models;
using AutoFoh.Lab.LiveMix;
using AutoFoh.Neural;

namespace AutoFoh.LiveMix.Tests;

public class AiLiveTests
{
    private const int Rate = 16000;

    /// <summary>Tones with bursts at their own levels (bad staging) and a little noise.</summary>
    internal static float[][] Dry(int count, double seconds, int seed, int rate = Rate)
    {
        var random = new Random(seed);
        int length = (int)(seconds * rate);
        return Enumerable.Range(0, count).Select(c => Enumerable.Range(0, length).Select(n =>
            (float)(0.1 * Math.Sin(2 * Math.PI * (180 + 250 * c) * n / rate) * (1 + 0.5 * Math.Sin(2 * Math.PI * (0.5 + c) * n / rate))
                    + 0.002 * (random.NextDouble() * 2 - 1))).ToArray()).ToArray();
    }

    [Theory]
    [InlineData("alm")]
    [InlineData("alm-sr")]
    public void The_streamer_gives_the_training_graphs_gains_step_by_step(string name)
    {
        var config = name == "alm" ? AiLiveConfig.MultiRate : AiLiveConfig.SingleRate;
        var model = new AiLiveModel(config, new Random(3));
        var random = new Random(4);
        const int channels = 3, frames = 2, steps = 9;
        int size = LogMelFrontEnd.Frames * LogMelFrontEnd.Bands;
        var patches = Enumerable.Range(0, frames * channels * size).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        var rms = Enumerable.Range(0, steps * channels).Select(_ => (float)(-60 + 50 * random.NextDouble())).ToArray();
        int[] index = [-1, -1, 0, 0, 0, 1, 1, 1, 1];
        float[] expected;
        using (GradMode.Disable())
            expected = model.Forward(Tensor.FromArray(patches, frames * channels, size), channels, Tensor.FromArray(rms, steps, channels), index).Data;
        var streamer = new AiLiveStreamer(model, channels);
        var gains = new float[channels];
        for (int k = 0; k < steps; k++)
        {
            if (index[k] >= 0 && (k == 0 || index[k] != index[k - 1])) streamer.Embed(patches.AsSpan(index[k] * channels * size, channels * size));
            streamer.Step(rms.AsSpan(k * channels, channels), gains);
            for (int c = 0; c < channels; c++) Assert.Equal(expected[k * channels + c], gains[c], 3);
        }
        Assert.All(expected, g => Assert.InRange(g, AiLiveModel.MinimumDb, AiLiveModel.MaximumDb));
    }

    public static TheoryData<string> Learned => new() { "alm", "alm-sr", "dmc" };

    private static ILiveMixer Untrained(string name) => name switch
    {
        "alm" => new AiLiveMixer(new AiLiveModel(AiLiveConfig.MultiRate, new Random(7))),
        "alm-sr" => new AiLiveMixer(new AiLiveModel(AiLiveConfig.SingleRate, new Random(7))),
        _ => new DmcMixer(new DmcModel(new Random(7))),
    };

    [Theory]
    [MemberData(nameof(Learned))]
    public void A_learned_mixers_output_sample_n_never_depends_on_input_after_n(string name)
    {
        // 44.1 kHz input: the model listens through the streaming resampler, the audio path stays at 44.1 kHz.
        var channels = Dry(3, 2.5, 1, 44100);
        var before = MixRunner.Run(Untrained(name), channels, 44100).Output;
        foreach (int cut in new[] { 44100 + 77, 2 * 44100 + 5 })
        {
            var perturbed = channels.Select(c => c.Select((v, n) => n > cut ? -3 * v + 0.5f : v).ToArray()).ToArray();
            var after = MixRunner.Run(Untrained(name), perturbed, 44100).Output;
            for (int n = 0; n <= cut; n++) Assert.Equal(BitConverter.SingleToInt32Bits(before[n]), BitConverter.SingleToInt32Bits(after[n]));
            Assert.NotEqual(before[cut + 1], after[cut + 1]);
        }
        Assert.Equal(0, Untrained(name).LatencyMs);
    }

    [Theory]
    [MemberData(nameof(Learned))]
    public void A_learned_mixer_survives_NaN_silence_clipping_and_more_channels_than_it_trained_on(string name)
    {
        var channels = Dry(16, 2.2, 2);
        channels[3][5000] = float.NaN;
        channels[7][9000] = float.PositiveInfinity;
        Array.Clear(channels[5]);
        for (int n = 0; n < channels[9].Length; n++) channels[9][n] = Math.Clamp(channels[9][n] * 40, -1f, 1f);   // clipped
        var result = MixRunner.Run(Untrained(name), channels, Rate);
        Assert.All(result.Output, v => Assert.True(float.IsFinite(v)));
        Assert.All(result.GainsDb.SelectMany(g => g), v => Assert.True(float.IsFinite(v)));
        Assert.Contains(result.Output, v => v != 0);
    }

    [Fact]
    public void The_mixer_runs_the_trained_graph_at_every_decision()
    {
        // At 16 kHz the mixer's decisions must be the model's Forward over the same audio (the training path).
        var model = new AiLiveModel(AiLiveConfig.MultiRate, new Random(11));
        var channels = Dry(3, 2.0, 6);
        var song = new TrainingSong("tones", channels, new float[channels[0].Length]);
        var result = MixRunner.Run(new AiLiveMixer(model), channels, Rate, blockSamples: 800);
        // Decision k (at k·800) is applied from the next chunk; after the 10 ms glide the block-end gain is the decision.
        var window = AiLiveTrainer.Window.Draw(new TrainingSong("tones", channels.Select(c => c[..(40 * 800)]).ToArray(), new float[40 * 800]),
            model.Config, 40, augmentDb: 0, new Random(1), new LogMelFrontEnd());
        float[] expected;
        using (GradMode.Disable())
            expected = model.Forward(window.Patches, window.Channels, window.RmsDb, window.EmbeddingIndex).Data;
        foreach (int k in new[] { 3, 19, 25, 38 })
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected[k * 3 + c], result.GainsDb[k][c], 1);
    }

    [Fact]
    public void A_tiny_AiLive_model_learns_to_undo_bad_gain_staging()
    {
        double[] staging = [-12, 8, 0];
        var dry = Dry(3, 8, 5);
        var channels = dry.Select((x, c) => x.Select(v => (float)(v * Math.Pow(10, staging[c] / 20))).ToArray()).ToArray();
        var target = Enumerable.Range(0, dry[0].Length).Select(n => dry[0][n] + dry[1][n] + dry[2][n]).ToArray();
        var model = new AiLiveModel(AiLiveConfig.MultiRate with { Dim = 16, FeedForward = 32 }, new Random(1));
        var trainer = new AiLiveTrainer(model, [new TrainingSong("tones", channels, target)],
            new AiLiveTrainingOptions { Steps = 120, LearningRate = 3e-3, WindowSeconds = 1.5, AugmentDb = 0, Seed = 1 });
        var losses = Enumerable.Range(0, 120).Select(trainer.Step).ToArray();
        double first = losses.Take(10).Average(), last = losses.TakeLast(10).Average();
        Assert.True(last < 0.6 * first, $"loss {first:0.000} -> {last:0.000}");
        var result = MixRunner.Run(new AiLiveMixer(model), channels, Rate);
        var gains = Enumerable.Range(0, 3).Select(c => result.GainsDb.Skip(result.GainsDb.Length / 2).Average(g => g[c])).ToArray();
        Assert.True(gains[0] - gains[2] > 6 && gains[2] - gains[1] > 4, $"gains {string.Join(", ", gains.Select(g => g.ToString("0.0")))} dB");
    }
}

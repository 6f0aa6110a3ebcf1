using System.Text.Json.Serialization;
using AutoFoh.LiveMix.Features;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;

namespace AutoFoh.LiveMix.Models;

/// <summary>
/// How an AiLive model reads time (16 kHz samples): an embedding of the last 975 ms of every channel every
/// <see cref="F1StrideSamples"/>, and a gain decision every <see cref="F2Samples"/> from the newest
/// embedding and the channel's RMS over the last F2. ALM-MR: 300 ms / 50 ms; ALM-SR: 975 ms / 975 ms.
/// </summary>
public sealed record AiLiveConfig
{
    [JsonPropertyName("name")] public string Name { get; init; } = "alm";
    [JsonPropertyName("f1_stride")] public int F1StrideSamples { get; init; } = 4800;
    [JsonPropertyName("f2")] public int F2Samples { get; init; } = 800;
    [JsonPropertyName("dim")] public int Dim { get; init; } = 32;
    [JsonPropertyName("heads")] public int Heads { get; init; } = 4;
    [JsonPropertyName("feed_forward")] public int FeedForward { get; init; } = 64;

    public static AiLiveConfig MultiRate => new() { Name = "alm", F1StrideSamples = 4800, F2Samples = 800 };
    public static AiLiveConfig SingleRate => new() { Name = "alm-sr", F1StrideSamples = LogMelFrontEnd.FrameSamples, F2Samples = LogMelFrontEnd.FrameSamples };

    /// <summary>The embedding a decision at sample <paramref name="time"/> can use: the newest F1 frame ending at or before it, −1 before the first.</summary>
    public int EmbeddingIndexAt(long time)
    {
        long end = time / F1StrideSamples * F1StrideSamples;
        return end < LogMelFrontEnd.FrameSamples ? -1 : (int)(end / F1StrideSamples);
    }
}

/// <summary>
/// The AiLive automixer (after seeds 001/002), weights shared across channels so any channel
/// count works: a small convolutional encoder embeds each channel's 96×64 log-mel patch (trained from
/// scratch), transformer encoder 1 relates the channels' embeddings, each decision step adds the channel's
/// RMS (dB) of the last F2 frame, transformer encoder 2 relates them again, a GRU carries each channel
/// through time, transformer encoder 3 relates the channels once more, and an MLP gives each channel's
/// gain, bounded to −48..+24 dB by a sigmoid (as DMC). Training uses <see cref="Forward"/> over a whole
/// window; live inference runs the same weights step by step in <see cref="AiLiveStreamer"/>.
/// </summary>
public sealed class AiLiveModel : Module
{
    public const float MinimumDb = -48, MaximumDb = 24;
    /// <summary>Affine map of the front end's log energies and of RMS dB to about unit range.</summary>
    public const float PatchOffset = 1f, PatchScale = 1 / 3f, RmsOffsetDb = 30, RmsScaleDb = 20;

    public AiLiveModel(AiLiveConfig config, Random random)
    {
        Config = config;
        int d = config.Dim;
        Conv1 = Child("conv1", new Conv2d(1, 8, 3, random, stride: 2, padding: 1));
        Conv2 = Child("conv2", new Conv2d(8, 16, 3, random, stride: 2, padding: 1));
        Conv3 = Child("conv3", new Conv2d(16, 32, 3, random, stride: 2, padding: 1));
        Embed = Child("embed", new Linear(32 + 1, d, random));
        Encoder1 = Child("encoder1", new TransformerEncoderLayer(d, config.Heads, config.FeedForward, random, dropout: 0, normFirst: true));
        Condition = Child("condition", new Linear(d + 1, d, random));
        Encoder2 = Child("encoder2", new TransformerEncoderLayer(d, config.Heads, config.FeedForward, random, dropout: 0, normFirst: true));
        Gru = Child("gru", new Gru(d, d, random));
        Encoder3 = Child("encoder3", new TransformerEncoderLayer(d, config.Heads, config.FeedForward, random, dropout: 0, normFirst: true));
        Head = Child("head", new Mlp([d, 32, 1], random));
        // Start near 0 dB rather than the bounds' middle (−12 dB): sigmoid(ln 2) = 2/3.
        var bias = Head.Layers[^1].Bias!;
        for (int i = 0; i < bias.Size; i++) bias.Data[i] = MathF.Log(2);
    }

    public AiLiveConfig Config { get; }
    public Conv2d Conv1 { get; }
    public Conv2d Conv2 { get; }
    public Conv2d Conv3 { get; }
    public Linear Embed { get; }
    public TransformerEncoderLayer Encoder1 { get; }
    public Linear Condition { get; }
    public TransformerEncoderLayer Encoder2 { get; }
    public Gru Gru { get; }
    public TransformerEncoderLayer Encoder3 { get; }
    public Mlp Head { get; }

    /// <summary>Embeddings [N, D] of N log-mel patches [N, 96·64] (raw log energies).</summary>
    public Tensor EmbedPatches(Tensor patches)
    {
        int n = patches.Shape[0];
        var x = F.Mul(F.Add(patches, -PatchOffset), PatchScale);
        var level = F.Mean(x, 1, keepDim: true);                                                           // [N, 1]
        x = F.Reshape(x, n, 1, LogMelFrontEnd.Frames, LogMelFrontEnd.Bands);
        x = F.Relu(Conv1.Forward(x));
        x = F.Relu(Conv2.Forward(x));
        x = F.Relu(Conv3.Forward(x));                                                                       // [N, 32, 12, 8]
        x = F.Mean(F.Mean(x, 3), 2);                                                                        // [N, 32]
        return Embed.Forward(F.Concat([x, level], 1));
    }

    /// <summary>
    /// Gains (dB) [K, C] for K decision steps of C channels. <paramref name="patches"/> [J·C, 96·64] holds
    /// J embedding frames, channel-minor; <paramref name="rmsDb"/> [K, C] each channel's RMS over the F2
    /// frame before each decision; <paramref name="embeddingIndex"/>[k] the frame decision k uses (−1: none yet).
    /// </summary>
    public Tensor Forward(Tensor patches, int channels, Tensor rmsDb, IReadOnlyList<int> embeddingIndex)
    {
        int j = patches.Shape[0] / channels, k = rmsDb.Shape[0], d = Config.Dim;
        var embedded = F.Reshape(EmbedPatches(patches), j, channels, d);
        var related = Encoder1.Forward(embedded);                                                           // [J, C, D]
        var withNone = F.Concat([related, Tensor.Zeros(1, channels, d)], 0);
        var perStep = F.IndexSelect(withNone, 0, embeddingIndex.Select(i => i < 0 ? j : i).ToArray());     // [K, C, D]
        var rms = F.Reshape(F.Mul(F.Add(rmsDb, RmsOffsetDb), 1 / RmsScaleDb), k, channels, 1);
        var x = F.Relu(Condition.Forward(F.Concat([perStep, rms], 2)));
        x = Encoder2.Forward(x);
        var (overTime, _) = Gru.Forward(F.Permute(x, 1, 0, 2));                                             // [C, K, D]
        x = Encoder3.Forward(F.Permute(overTime, 1, 0, 2));
        var logits = F.Reshape(Head.Forward(x), k, channels);
        return F.Add(F.Mul(F.Sigmoid(logits), MaximumDb - MinimumDb), MinimumDb);
    }

    /// <summary>RMS (dB, floor −100) of a frame, as the model is conditioned on.</summary>
    public static float RmsDb(ReadOnlySpan<float> frame)
    {
        double sum = 0;
        foreach (float v in frame) sum += (double)v * v;
        return (float)(10 * Math.Log10(sum / Math.Max(1, frame.Length) + 1e-10));
    }
}

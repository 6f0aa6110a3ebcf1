using AutoFoh.LiveMix.Features;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;

namespace AutoFoh.LiveMix.Models;

/// <summary>
/// The DMC-like baseline (after Steinmetz et al.'s differentiable mixing console): each
/// channel's 975 ms features through a shared embedding MLP, the mean of all channels' embeddings as
/// context, and a shared head on [embedding, context] giving the channel's gain, bounded to -48..+24 dB by
/// a sigmoid. Weights are shared across channels, so any channel count works. No temporal model.
/// </summary>
public sealed class DmcModel : Module
{
    public const float MinimumDb = -48, MaximumDb = 24;
    public const int Embedding = 64;
    private readonly Mlp _embed, _head;

    public Mlp Embed => _embed;
    public Mlp Head => _head;

    public DmcModel(Random random)
    {
        _embed = Child("embed", new Mlp([ChannelFeatures.Size, 128, Embedding], random));
        _head = Child("head", new Mlp([2 * Embedding, 64, 1], random));
    }

    /// <summary>Gains in dB, [channels, 1], from features [channels, 128].</summary>
    public Tensor Forward(Tensor features)
    {
        int channels = features.Shape[0];
        var embedded = _embed.Forward(features);
        var context = F.Add(Tensor.Zeros(channels, Embedding), F.Mean(embedded, 0, keepDim: true));
        var logits = _head.Forward(F.Concat([embedded, context], 1));
        return F.Add(F.Mul(F.Sigmoid(logits), MaximumDb - MinimumDb), MinimumDb);
    }
}

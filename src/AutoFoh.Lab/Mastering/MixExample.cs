using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>One perturbed stem of a training or test example: what the network sees (features of the perturbed audio) and what was done to it.</summary>
public sealed record MixExampleStem(string Name, InstrumentRole Role, StemFeatures Features, StemPerturbation Perturbation, double IntendedRmsDbfs);

/// <summary>
/// A song (or an excerpt of it) whose every stem was perturbed at random; <see cref="BandLufs"/> is the
/// loudness of the perturbed stems summed, what a loudness-matching mixer measures as "the band".
/// </summary>
public sealed record MixExample(string Song, string Style, IReadOnlyList<MixExampleStem> Stems, double BandLufs)
{
    /// <summary>The training targets of each stem when the stems sit in slots in this order (pan depends on the order).</summary>
    public double[][] Targets(IReadOnlyList<MixExampleStem> inSlotOrder)
    {
        var slots = inSlotOrder.Select(s => (MixInput.Slot?)new MixInput.Slot(s.Role, s.Features)).ToArray();
        var ordinals = MixInput.RoleOrdinals(slots);
        return inSlotOrder.Select((s, i) => MixTargets.Values(s.Role, ordinals[i].Ordinal, ordinals[i].Count, Style, s.Perturbation, s.IntendedRmsDbfs)).ToArray();
    }
}

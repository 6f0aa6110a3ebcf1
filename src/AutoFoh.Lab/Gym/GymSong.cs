using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck;
using AutoFoh.Dsp.Bands;

namespace AutoFoh.Lab.Gym;

/// <summary>
/// A song prepared for the gym with one target instrument: every second's sorted spectra (so any gain
/// of the target re-analyses in microseconds), who plays, and the reference model's ideal shares.
/// </summary>
public sealed class GymSong
{
    private GymSong(string name, string target, int targetIndex, SortedFrameSpectra[] frames, PresenceMap presence, float[][] ideal)
    {
        Name = name;
        Target = target;
        TargetIndex = targetIndex;
        Frames = frames;
        Presence = presence;
        Ideal = ideal;
    }

    public string Name { get; }
    public string Target { get; }
    public int TargetIndex { get; }
    public SortedFrameSpectra[] Frames { get; }
    public PresenceMap Presence { get; }
    public float[][] Ideal { get; }
    public int FrameCount => Frames.Length;

    /// <summary>
    /// Analyses <paramref name="stems"/> once. The reference model is fitted on the song itself (as seed
    /// 000's gym: the reference is the ideal mix, the gym messes up one instrument's gain), by
    /// <paramref name="fitPredictor"/> (default: the conditional-mean table).
    /// </summary>
    public static GymSong Prepare(StemSet stems, string target, DominanceOptions? options = null,
        Func<DominanceMap, PresenceMap, IMixPredictor>? fitPredictor = null)
    {
        int targetIndex = stems.IndexOf(target);
        if (targetIndex < 0) throw new ArgumentException($"{stems.Name}: no stem named '{target}' (stems: {string.Join(", ", stems.Instruments)})");
        var analysis = new PerceptualDominance(stems.SampleRateHz, stems.Count, options);
        var detectors = stems.Instruments.Select(_ => new PresenceDetector(stems.SampleRateHz)).ToArray();
        var presence = PresenceMap.Compute(stems.Instruments, stems.Samples, detectors, analysis.WindowSamples, analysis.HopSamples);
        var dominance = new DominanceMap(stems.Instruments, presence.Frames);
        var frames = new SortedFrameSpectra[presence.Frames];
        for (int t = 0; t < presence.Frames; t++)
        {
            for (int i = 0; i < stems.Count; i++) analysis.LoadMagnitudes(i, stems.Samples[i].AsSpan(t * analysis.HopSamples, analysis.WindowSamples));
            analysis.SharesFromMagnitudes(dominance.Frame(t));
            frames[t] = new SortedFrameSpectra(analysis, targetIndex);
        }
        var predictor = (fitPredictor ?? ((d, p) => ConditionalMeanTable.Fit(d, p)))(dominance, presence);
        var ideal = new float[presence.Frames][];
        for (int t = 0; t < presence.Frames; t++)
        {
            ideal[t] = new float[CriticalBands.Count * stems.Count];
            predictor.Predict(presence.Masks[t], ideal[t]);
        }
        return new GymSong(stems.Name, stems.Instruments[targetIndex], targetIndex, frames, presence, ideal);
    }
}

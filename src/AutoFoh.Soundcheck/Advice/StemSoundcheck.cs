using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// Soundcheck from live stems (no separation): every second, for every instrument of the reference, the
/// paper's policy on the smoothed state (seed 000, section 7) and a magnitude from the gain search over
/// the last few seconds. The live stems must name the reference's instruments; a live stem the
/// reference does not know, or a reference instrument with no live stem, is refused by name.
/// </summary>
public sealed class StemSoundcheck
{
    private readonly ReferenceModel _reference;

    public StemSoundcheck(ReferenceModel reference, int smoothingSeconds = 3, int estimateSeconds = 5)
    {
        _reference = reference;
        SmoothingSeconds = smoothingSeconds;
        EstimateSeconds = estimateSeconds;
    }

    public int SmoothingSeconds { get; }
    public int EstimateSeconds { get; }

    /// <summary>Puts the live stems in the reference's instrument order, checking names.</summary>
    public StemSet Align(StemSet live)
    {
        foreach (var name in live.Instruments)
            if (!_reference.Instruments.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"live stem '{name}' is not in the reference (its instruments: {string.Join(", ", _reference.Instruments)})");
        foreach (var name in _reference.Instruments)
            if (live.IndexOf(name) < 0)
                throw new ArgumentException($"the reference's instrument '{name}' has no live stem (live stems: {string.Join(", ", live.Instruments)})");
        var samples = _reference.Instruments.Select(n => live.Samples[live.IndexOf(n)]).ToArray();
        if (live.SampleRateHz != _reference.SampleRateHz)
            samples = samples.Select(s => Audio.Resampler.Resample(new Audio.AudioBuffer(live.SampleRateHz, [s]), _reference.SampleRateHz)[0]).ToArray();
        return new StemSet(live.Name, _reference.Instruments, samples, _reference.SampleRateHz);
    }

    public IEnumerable<InstrumentAdvice> Run(StemSet liveStems)
    {
        var stems = Align(liveStems);
        int n = stems.Count;
        var analysis = new PerceptualDominance(stems.SampleRateHz, n, _reference.Dominance);
        var detectors = stems.Instruments.Select(_ => new PresenceDetector(stems.SampleRateHz, _reference.Config.PresenceThresholdRms)).ToArray();
        var presence = PresenceMap.Compute(stems.Instruments, stems.Samples, detectors, analysis.WindowSamples, analysis.HopSamples);
        var smoothers = Enumerable.Range(0, n).Select(_ => new AdviceSmoother(SmoothingSeconds)).ToArray();
        var estimator = new GainOffsetEstimator(n);
        var live = new float[CriticalBands.Count * n];
        // Each second's magnitudes, ideal, and (lazily, per target) its sorted spectra, kept for the estimate window.
        var history = new Queue<(float[][] Magnitudes, float[] Ideal, SortedFrameSpectra?[] Sorted)>();
        for (int t = 0; t < presence.Frames; t++)
        {
            var magnitudes = new float[n][];
            for (int i = 0; i < n; i++)
            {
                analysis.LoadMagnitudes(i, stems.Samples[i].AsSpan(t * analysis.HopSamples, analysis.WindowSamples));
                magnitudes[i] = analysis.Magnitudes(i).ToArray();
            }
            analysis.SharesFromMagnitudes(live);
            var ideal = new float[live.Length];
            _reference.Predictor.Predict(presence.Masks[t], ideal);
            history.Enqueue((magnitudes, ideal, new SortedFrameSpectra?[n]));
            if (history.Count > EstimateSeconds) history.Dequeue();
            double time = t * analysis.HopSamples / (double)stems.SampleRateHz + analysis.WindowSamples / (double)stems.SampleRateHz;
            for (int i = 0; i < n; i++)
            {
                var action = smoothers[i].Add(MixState.ColumnSum(live, ideal, n, i));
                double offset = 0;
                if (action != AdviceAction.Stay)
                {
                    var frames = history.Select(h => new ObservedFrame(h.Sorted[i] ??= new SortedFrameSpectra(analysis, i, h.Magnitudes), 0, h.Ideal)).ToList();
                    offset = estimator.Estimate(frames);
                    // The magnitude search and the policy can disagree near the threshold; the policy decides the direction.
                    if (Math.Sign(offset) != (action == AdviceAction.Up ? 1 : -1)) offset = 0;
                }
                yield return new InstrumentAdvice(Math.Round(time, 3), stems.Instruments[i], action, Math.Round(offset, 1), smoothers[i].MeanColumnSum, presence[t, i]);
            }
        }
    }
}

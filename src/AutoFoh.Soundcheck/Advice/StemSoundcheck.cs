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
        var advisor = new LiveAdvisor(_reference, SmoothingSeconds, EstimateSeconds);
        int frames = stems.Length < advisor.WindowSamples ? 0 : 1 + (stems.Length - advisor.WindowSamples) / advisor.HopSamples;
        for (int t = 0; t < frames; t++)
        {
            double time = (t * advisor.HopSamples + advisor.WindowSamples) / (double)stems.SampleRateHz;
            foreach (var advice in advisor.Advise(stems.Samples, t * advisor.HopSamples, time)) yield return advice;
        }
    }
}

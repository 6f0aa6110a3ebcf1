using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// The coach's per-second step, one analysis window at a time, for a live stream or a file alike: the
/// live dominance of every instrument's signal (close mics, stems or separated estimates, in the
/// reference's instrument order), who is playing, the reference model's ideal, and for every instrument
/// the smoothed policy (seed 000, section 7) with a magnitude from the gain search over the last
/// <see cref="EstimateSeconds"/> windows.
///
/// Everything per second reuses buffers made here, except the small ideal array kept per window and the
/// band tops of a window, which are computed only when an instrument's advice is not "stay" (sorting a
/// window costs about as much as analysing it). Not thread-safe: one advisor per stream.
/// </summary>
public sealed class LiveAdvisor
{
    private readonly ReferenceModel _reference;
    private readonly PerceptualDominance _analysis;
    private readonly PresenceDetector[] _detectors;
    private readonly AdviceSmoother[] _smoothers;
    private readonly GainOffsetEstimator _estimator;
    private readonly float[] _live;
    private readonly float[][][] _magnitudeSlots;   // [slot][instrument][bin], a ring one longer than the history
    private readonly Queue<Window> _history = new();
    private readonly List<ObservedFrame> _frames = new();
    private int _windowsSeen;

    public LiveAdvisor(ReferenceModel reference, int smoothingSeconds = 3, int estimateSeconds = 5)
    {
        if (estimateSeconds < 1) throw new ArgumentOutOfRangeException(nameof(estimateSeconds), estimateSeconds, "the estimate needs at least one window");
        _reference = reference;
        int n = reference.Instruments.Count;
        _analysis = new PerceptualDominance(reference.SampleRateHz, n, reference.Dominance);
        _detectors = reference.Instruments.Select(_ => new PresenceDetector(reference.SampleRateHz, reference.Config.PresenceThresholdRms)).ToArray();
        _smoothers = reference.Instruments.Select(_ => new AdviceSmoother(smoothingSeconds)).ToArray();
        _estimator = new GainOffsetEstimator(n);
        _live = new float[CriticalBands.Count * n];
        _magnitudeSlots = Enumerable.Range(0, estimateSeconds + 1)
            .Select(_ => Enumerable.Range(0, n).Select(_ => new float[_analysis.WindowSamples / 2 + 1]).ToArray()).ToArray();
        EstimateSeconds = estimateSeconds;
    }

    public IReadOnlyList<string> Instruments => _reference.Instruments;
    public int SampleRateHz => _reference.SampleRateHz;
    public int WindowSamples => _analysis.WindowSamples;
    public int HopSamples => _analysis.HopSamples;
    public int EstimateSeconds { get; }

    /// <summary>The live shares (24 × N) of the last window advised.</summary>
    public ReadOnlySpan<float> LiveShares => _live;

    /// <summary>
    /// Advice for the window of <see cref="WindowSamples"/> samples starting at <paramref name="start"/> in
    /// every instrument's signal (reference order), labelled with <paramref name="timeSeconds"/>.
    /// </summary>
    public InstrumentAdvice[] Advise(IReadOnlyList<float[]> signals, int start, double timeSeconds)
    {
        int n = Instruments.Count;
        if (signals.Count != n) throw new ArgumentException($"{signals.Count} signals given, the reference has {n} instruments ({string.Join(", ", Instruments)})");
        var magnitudes = _magnitudeSlots[_windowsSeen++ % _magnitudeSlots.Length];
        ulong playing = 0;
        for (int i = 0; i < n; i++)
        {
            if (signals[i].Length < start + WindowSamples) throw new ArgumentException($"'{Instruments[i]}' has {signals[i].Length} samples, the window needs {start + WindowSamples}");
            var window = signals[i].AsSpan(start, WindowSamples);
            _analysis.LoadMagnitudes(i, window);
            _analysis.Magnitudes(i).CopyTo(magnitudes[i]);
            if (_detectors[i].IsPlaying(window)) playing |= 1UL << i;
        }
        _analysis.SharesFromMagnitudes(_live);
        var ideal = new float[_live.Length];
        _reference.Predictor.Predict(playing, ideal);
        _history.Enqueue(new Window(magnitudes, ideal, n));
        if (_history.Count > EstimateSeconds) _history.Dequeue();

        var advice = new InstrumentAdvice[n];
        for (int i = 0; i < n; i++)
        {
            var action = _smoothers[i].Add(MixState.ColumnSum(_live, ideal, n, i));
            double offset = 0;
            if (action != AdviceAction.Stay)
            {
                _frames.Clear();
                foreach (var window in _history) _frames.Add(new ObservedFrame(window.Sorted(_analysis, i), 0, window.Ideal));
                offset = _estimator.Estimate(_frames);
                // The magnitude search and the policy can disagree near the threshold; the policy decides the direction.
                if (Math.Sign(offset) != (action == AdviceAction.Up ? 1 : -1)) offset = 0;
            }
            advice[i] = new InstrumentAdvice(Math.Round(timeSeconds, 3), Instruments[i], action, Math.Round(offset, 1), _smoothers[i].MeanColumnSum, (playing >> i & 1) != 0);
        }
        return advice;
    }

    /// <summary>Forgets the history and the smoothing (a new song, or after the band changed its levels).</summary>
    public void Reset()
    {
        _history.Clear();
        foreach (var smoother in _smoothers) smoother.Reset();
    }

    private sealed class Window(float[][] magnitudes, float[] ideal, int instruments)
    {
        private BandTops? _tops;
        private readonly SortedFrameSpectra?[] _sorted = new SortedFrameSpectra?[instruments];

        public float[] Ideal { get; } = ideal;

        public SortedFrameSpectra Sorted(PerceptualDominance analysis, int target) =>
            _sorted[target] ??= new SortedFrameSpectra(_tops ??= new BandTops(analysis, magnitudes), target);
    }
}

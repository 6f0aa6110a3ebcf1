using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Filters;

namespace AutoFoh.Lab.Feedback;

/// <summary>
/// The feedback guard alone on a channel, without the engine: the guard hears each block, its notches are biquads
/// (RBJ peaking cuts at the guard's Q) and its pull-down a gain, applied from the next block (the engine's worker is
/// no quicker). For tuning the detector quickly; the figures of record go through the engine (the engine channel).
/// </summary>
public sealed class GuardedChannel : IChannelUnderTest
{
    private readonly FeedbackGuard _guard;
    private readonly Biquad[] _notches;
    private readonly double[] _appliedHz, _appliedDepth;
    private readonly int _rate;
    private long _samples;
    private float _gain = 1;

    public GuardedChannel(int sampleRateHz, HowlDetectorSettings? detector = null, FeedbackGuardSettings? guard = null)
    {
        _rate = sampleRateHz;
        _guard = new FeedbackGuard(sampleRateHz, guard, detector);
        _notches = Enumerable.Range(0, _guard.Slots).Select(_ => new Biquad(BiquadCoefficients.Peaking(1000, sampleRateHz, 0, 1))).ToArray();
        _appliedHz = new double[_guard.Slots];
        _appliedDepth = new double[_guard.Slots];
    }

    public FeedbackGuard Guard => _guard;
    public IReadOnlyList<(double TimeSeconds, FeedbackGuardEvent Event)> Events => _events;

    /// <summary>When set, every block records the tracks within a semitone of this frequency in <see cref="Trace"/>.</summary>
    public double? WatchHz { get; set; }
    public List<string> Trace { get; } = [];
    private readonly List<(double, FeedbackGuardEvent)> _events = [];

    public void Process(ReadOnlySpan<float> microphone, Span<float> output)
    {
        for (int i = 0; i < microphone.Length; i++)
        {
            float v = microphone[i] * _gain;
            for (int s = 0; s < _notches.Length; s++) if (_appliedDepth[s] < 0) v = _notches[s].Process(v);
            output[i] = v;
        }
        long frames = _guard.Detector.Frames;
        _guard.Hear(microphone);
        _samples += microphone.Length;
        if (WatchHz is { } watch && _guard.Detector.Frames != frames)
            foreach (var t in _guard.Detector.Tracks)
                if (t.Alive && Math.Abs(12 * Math.Log2(t.FrequencyHz / watch)) < 1)
                    Trace.Add(FormattableString.Invariant(
                        $"{_samples / (double)_rate:0.000} id {t.Id} {t.FrequencyHz:0.0} Hz {t.LevelDbfs:0.0} dB pnpr {t.Neighbouring:0} phpr {t.Harmonic:0} present {t.Present} growth {t.Features.GrowthDbPerSecond:0} rel {t.Features.RelativeDbPerSecond:0} rise {t.Features.RiseDb:0.0} emerge {t.Features.EmergenceDb:0.0} spread {t.Features.BinSpread:0.00} imsd {t.Features.ImsdDb:0.0} {(t.Confirmed ? "HOWL" : "")}"));
        // Heard up to the end of this block, applied from the next one.
        while (_guard.TryTakeEvent(out var e)) _events.Add((_samples / (double)_rate, e));
        for (int s = 0; s < _notches.Length; s++)
        {
            double hz = _guard.NotchFrequencyHz[s], depth = _guard.NotchDepthDb[s];
            if (hz == _appliedHz[s] && depth == _appliedDepth[s]) continue;
            if (depth < 0) _notches[s].Coefficients = BiquadCoefficients.Peaking(hz, _rate, depth, FeedbackGuard.NotchQ(hz));
            else _notches[s].Reset();
            _appliedHz[s] = hz;
            _appliedDepth[s] = depth;
        }
        _gain = (float)Math.Pow(10, _guard.PullDownDb / 20);
    }
}

using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Lab.Feedback;

/// <summary>
/// The feedback guard alone on a channel, without the engine: the guard hears each block, its notches go to the
/// engine's own <see cref="NotchBank"/> and its pull-down to a gain, applied from the next block (the engine's worker is
/// no quicker). For tuning the detector quickly; the figures of record go through the engine (the engine channel).
/// </summary>
public sealed class GuardedChannel : IChannelUnderTest
{
    private readonly FeedbackGuard _guard;
    private readonly NotchBank _notches;
    private readonly int _rate;
    private long _samples;
    private float _gain = 1;

    public GuardedChannel(int sampleRateHz, HowlDetectorSettings? detector = null, FeedbackGuardSettings? guard = null)
    {
        _rate = sampleRateHz;
        _guard = new FeedbackGuard(sampleRateHz, guard, detector);
        _notches = new NotchBank(1, sampleRateHz, _guard.Slots);
    }

    public FeedbackGuard Guard => _guard;
    public IReadOnlyList<(double TimeSeconds, FeedbackGuardEvent Event)> Events => _events;

    /// <summary>When set, every block records the tracks within a semitone of this frequency in <see cref="Trace"/>.</summary>
    public double? WatchHz { get; set; }
    public List<string> Trace { get; } = [];
    private readonly List<(double, FeedbackGuardEvent)> _events = [];

    public void Process(ReadOnlySpan<float> microphone, Span<float> output)
    {
        microphone.CopyTo(output);
        _notches.Process(0, output);
        for (int i = 0; i < output.Length; i++) output[i] *= _gain;
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
        _guard.SendNotches(_notches, 0);
        _gain = (float)Math.Pow(10, _guard.PullDownDb / 20);
    }
}

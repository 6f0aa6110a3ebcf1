using AutoFoh.Dsp.Feedback;
using AutoFoh.LiveMix;
using AutoFoh.Realtime;

namespace AutoFoh.Lab.Feedback;

/// <summary>
/// The live engine itself as the channel in the loop: one input, a mono output, the unity mixer (so the loop's gain is
/// the trial's amplifier and nothing else), every safety stage as a show runs it. Its feedback events are what the
/// trial scores; their time is when the engine logged them (the worker's view of the input), and the notch reaches the
/// audio from the next block the audio thread runs after that.
/// </summary>
public sealed class EngineChannel : IChannelUnderTest, IDisposable
{
    private readonly LiveEngine _engine;
    private readonly int _rate;
    private readonly List<(double, FeedbackGuardEvent)> _events = [];
    private int _seen;

    public EngineChannel(int sampleRateHz)
    {
        _rate = sampleRateHz;
        var settings = new EngineSettings { SampleRateHz = sampleRateHz, Channels = 1, Outputs = 1, Offline = true, MaxBlock = 1024 };
        _engine = new LiveEngine(settings, () => MixerRegistry.CreateClassic("unity"));
        _engine.Start();
    }

    public IReadOnlyList<(double TimeSeconds, FeedbackGuardEvent Event)> Events
    {
        get
        {
            var log = _engine.Events.Snapshot();
            for (; _seen < log.Count; _seen++)
            {
                var e = log[_seen];
                if (e.Kind != EngineEventKind.Feedback) continue;
                var action = e.Action switch
                {
                    EngineEvent.Notch => FeedbackAction.Notch,
                    EngineEvent.Deepen => FeedbackAction.Deepen,
                    EngineEvent.PullDown => FeedbackAction.PullDown,
                    EngineEvent.Release => FeedbackAction.Release,
                    _ => FeedbackAction.Restore,
                };
                _events.Add((e.TimeSeconds, new FeedbackGuardEvent((long)(e.TimeSeconds * _rate), action, e.FrequencyHz ?? 0, e.DepthDb ?? 0)));
            }
            return _events;
        }
    }

    public void Process(ReadOnlySpan<float> microphone, Span<float> output)
    {
        microphone.CopyTo(_engine.Input(0));
        _engine.Process(microphone.Length, output, Span<float>.Empty);
    }

    public void Dispose() => _engine.Dispose();
}

using System.Globalization;
using System.Runtime.CompilerServices;
using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Processing;
using AutoFoh.LiveMix;

namespace AutoFoh.Realtime;

/// <summary>
/// The real-time automix engine: N input channels → a gain per channel (and a pan) → a mono or stereo mix,
/// with zero added latency. The audio thread (<see cref="Process"/>) only applies gains, per sample,
/// slew-limited, and never allocates, locks, logs or throws. The model runs on a worker thread fed by a
/// lock-free ring (<see cref="SpscRing"/>); its decisions come back through a lock-free queue
/// (<see cref="GainQueue"/>), each tagged with the sample it takes effect at: the input up to sample n decides
/// the gains from n + <see cref="EngineSettings.DecisionDelaySamples"/>. Output sample n depends only on inputs
/// up to n.
///
/// A block's walk on the audio thread, one stage each: <see cref="InputGuard"/> (NaN/Inf and absurd samples, input
/// meters) → <see cref="DcBlocker"/> (a 10 Hz high-pass per input) → the ring to the worker (it hears each input
/// after the guard and the DC blocker, before the notches: what the microphone picks up, so a feedback detector
/// judges the loop itself) → <see cref="NotchBank"/> (the feedback notches the worker sets, per input) → the
/// decisions due from the queue → <see cref="ChannelTargets"/> (the engineer's <see cref="ChannelControls"/>, the
/// caps) → <see cref="GainSmoother"/> → <see cref="PannedBus"/> → <see cref="OutputCeiling"/> (no sample over the
/// ceiling, −1 dBFS by default, without look-ahead) → out.
///
/// Safety (<see cref="SafetySettings"/>): a boost cap over each channel's line-check gain; a slew limit; a guard
/// against bad samples (NaN, ±Inf, past +60 dBFS); a DC blocker; notches; an output ceiling; the feedback detector
/// on the worker pulls a ringing channel down at once; when the model's decisions are late the last good gains
/// hold, and past the late limit (or when the model throws or gives a NaN) Dugan gain sharing mixes
/// (<see cref="DuganGainSharing"/>), computed on the audio thread so it never waits for anyone. A priority offsets
/// the automixer's decision (the model's or Dugan's) under the boost cap, a lock holds the gain the engine had when
/// it saw the lock, a mute fades to a gain of exactly 0 in a few milliseconds. Offline (files), the engine waits for
/// each block's decisions, so a file render is what a live run that is never late would give, sample for sample
/// (the notches and pull-downs the worker sets are taken at the audio thread's next block, not at a tagged sample).
/// What the engine did (feedback actions, fallbacks and their reasons, with times) goes to <see cref="Events"/>: the
/// worker writes it; a fallback the audio thread decides is a transition counter and a sample position there, which a
/// reader (or the worker) turns into an event.
/// </summary>
public sealed class LiveEngine : IDisposable
{
    private readonly EngineSettings _settings;
    private readonly int _channels, _delay, _workerBlock;
    private readonly float[][] _input;
    private readonly float[] _interleaved;
    private readonly long _lateLimit;
    private readonly InputGuard _guard;
    private readonly SpscRing _ring;
    private readonly GainQueue _queue;
    private readonly ChannelTargets _targets;
    private readonly DuganGainSharing _dugan;
    private readonly GainSmoother _smoother;
    private readonly PannedBus _bus;
    private readonly DcBlocker? _dc;
    private readonly OutputCeiling? _ceiling;
    private readonly EngineEventLog _events;
    private readonly Func<ILiveMixer> _mixerFactory;
    private Thread? _worker;
    private volatile bool _stop;
    private string _mixerName = "the model";
    private long _position, _heard, _lastDecisionAt;
    private long _droppedFrames;   // input the worker never heard (overruns); written by the audio thread only
    private bool _fallback, _modelLate;
    // The late fallback's transitions (odd: Dugan takes over, even: the model is back) and the samples of the last of
    // each: written by the audio thread only; _fallbackTransitionsSeen is the event log's, under its lock.
    private long _fallbackTransitions, _fallbackStartedAt, _fallbackEndedAt, _fallbackTransitionsSeen;
    private long _workerAt;   // the worker: the engine time (samples) of the end of the block it is on

    public LiveEngine(EngineSettings settings, Func<ILiveMixer> mixer)
    {
        if (settings.Channels < 1) throw new ArgumentOutOfRangeException(nameof(settings), settings.Channels, "at least one input channel");
        if (settings.Outputs is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(settings), settings.Outputs, "1 or 2 outputs");
        if (settings.WorkerBlock < 1 || settings.DecisionDelaySamples < settings.WorkerBlock)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.DecisionDelaySamples, "the decision delay must be at least one worker block");
        if (settings.LineCheckGainsDb is { } lc && lc.Length != settings.Channels) throw new ArgumentException($"{lc.Length} line-check gains for {settings.Channels} channels");
        _settings = settings;
        _mixerFactory = mixer;
        _channels = settings.Channels;
        _delay = settings.DecisionDelaySamples;
        _workerBlock = settings.WorkerBlock;
        int rate = settings.SampleRateHz;
        var safety = settings.Safety;
        _input = Enumerable.Range(0, _channels).Select(_ => new float[settings.MaxBlock]).ToArray();
        _interleaved = new float[settings.MaxBlock * _channels];
        int capacity = 1;
        while (capacity < 8 * (settings.MaxBlock + _delay) * _channels) capacity <<= 1;
        _guard = new InputGuard(_channels, rate, safety.NanGuard);
        _ring = new SpscRing(capacity);
        _queue = new GainQueue(_channels, 1024);
        _targets = new ChannelTargets(_channels, settings.LineCheckGainsDb ?? new double[_channels], safety.MaxBoostDb);
        _dugan = new DuganGainSharing(_channels, rate);
        _smoother = new GainSmoother(_channels, rate, safety.SlewDbPerSecond);
        _bus = new PannedBus(_channels, settings.Outputs);
        _dc = safety.DcBlocker ? new DcBlocker(_channels, rate) : null;
        if (safety.OutputCeilingDbfs is { } ceiling)
        {
            if (!OutputCeiling.IsValidCeilingDbfs(ceiling))
                throw new ArgumentOutOfRangeException(nameof(settings), ceiling, $"output ceiling {ceiling} dBFS: between {OutputCeiling.LowestCeilingDbfs} and {OutputCeiling.HighestCeilingDbfs} dBFS");
            _ceiling = new OutputCeiling(rate, ceiling);
        }
        if (safety.NotchSlots < 0) throw new ArgumentOutOfRangeException(nameof(settings), safety.NotchSlots, "0 or more notches per channel");
        Notches = new NotchBank(_channels, rate, safety.NotchSlots);
        _lateLimit = (long)(safety.LateLimitMs * rate / 1000);
        Status = new EngineStatus(_channels);
        Controls = new ChannelControls(_channels);
        var guardSettings = new FeedbackGuardSettings
        {
            Slots = Math.Max(1, safety.NotchSlots),
            PullDownStepDb = safety.FeedbackPullDownDb,
            MaxPullDownDb = safety.FeedbackMaxPullDownDb,
        };
        Guards = Enumerable.Range(0, _channels).Select(_ => new FeedbackGuard(rate, guardSettings)).ToArray();
        _events = new EngineEventLog(collector: CollectFallbacks);
    }

    public EngineSettings Settings => _settings;
    public EngineStatus Status { get; }
    public ChannelControls Controls { get; }
    /// <summary>Each channel's feedback guard (its howling detector and notch policy), run on the worker.</summary>
    internal FeedbackGuard[] Guards { get; }
    /// <summary>
    /// The notches on each input, before its gain (<see cref="SafetySettings.NotchSlots"/> per channel): the feedback
    /// policy sets them from the worker (<see cref="NotchBank.Set"/>, lock-free); the pages read what is applied.
    /// </summary>
    public NotchBank Notches { get; }
    /// <summary>What the engine did: feedback actions and fallbacks, with times (readable from any thread).</summary>
    public EngineEventLog Events => _events;
    /// <summary>Worker (never the audio thread): adds an event to <see cref="Events"/>.</summary>
    internal void AddEvent(EngineEvent engineEvent) => _events.Add(engineEvent);
    /// <summary>The worker's time: the engine time (s) of the end of the block it hears now, for its events.</summary>
    internal double WorkerTimeSeconds => Volatile.Read(ref _workerAt) / (double)_settings.SampleRateHz;
    /// <summary>Samples processed so far (readable from any thread).</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>Starts the worker thread (the model). Call once, before the first <see cref="Process"/>.</summary>
    public void Start()
    {
        if (_worker is not null) throw new InvalidOperationException("the engine is already running");
        var mixer = _mixerFactory();
        mixer.Prepare(_settings.SampleRateHz, _channels, _workerBlock);
        _mixerName = mixer.Name;
        _worker = new Thread(() => Work(mixer)) { IsBackground = true, Name = "autofoh-model" };
        _worker.Start();
    }

    /// <summary>The buffer the backend fills with <paramref name="channel"/>'s next block (at most MaxBlock frames).</summary>
    public Span<float> Input(int channel) => _input[channel];

    /// <summary>
    /// Audio thread: mixes the <paramref name="frames"/> frames the backend put in <see cref="Input"/> into
    /// <paramref name="left"/> (and <paramref name="right"/> for stereo; empty for mono).
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(int frames, Span<float> left, Span<float> right)
    {
        Status.Block();
        Guard(frames);
        SendToWorker(frames);
        if (_settings.Offline) WaitForWorker(frames);
        Notches.Process(_input, frames);
        ReadControls();
        _targets.Update();
        WatchDecisionTimes();
        Mix(frames, left, right);
        Finish(frames, left, right);
        Volatile.Write(ref _position, _position + frames);
        Report();
    }

    /// <summary>Guard and meters: bad samples become silence (and are counted); each input's peak is metered; DC goes.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Guard(int frames)
    {
        long nans = _guard.Process(_input, frames);
        if (nans > 0) Status.Nans(nans);
        for (int c = 0; c < _channels; c++) Status.InputPeakDbfs[c] = _guard.PeakDbfs(c);
        _dc?.Process(_input, frames);
    }

    /// <summary>The ring: the block, interleaved, to the worker.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void SendToWorker(int frames)
    {
        for (int c = 0; c < _channels; c++)
        {
            var x = _input[c];
            for (int n = 0; n < frames; n++) _interleaved[n * _channels + c] = x[n];
        }
        if (!_ring.Write(_interleaved.AsSpan(0, frames * _channels)))
        {
            // The worker will never hear this block: it must still tag its decisions with true sample times.
            Status.Overrun();
            Volatile.Write(ref _droppedFrames, _droppedFrames + frames);
        }
    }

    /// <summary>Offline only: waits until the worker has decided the gains this block needs.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void WaitForWorker(int frames)
    {
        long needed = _position + frames - _delay;
        var spin = new SpinWait();
        while (Volatile.Read(ref _heard) < needed && !_stop) spin.SpinOnce();
    }

    /// <summary>The engineer's controls and the feedback pull-downs, once a block: pans, mutes, locks, priorities.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void ReadControls()
    {
        bool feedback = _settings.Safety.FeedbackDetection;
        for (int c = 0; c < _channels; c++)
        {
            _bus.SetPan(c, Controls.Pan(c));
            // The feedback pull-down bypasses the slew limit: it must act within a few milliseconds.
            _smoother.SetFeedbackTarget(c, feedback ? MathF.Pow(10, Status.FeedbackPullDownDb[c] / 20) : 1f);
            _smoother.SetMuted(c, Controls.IsMuted(c));
        }
        _targets.ReadControls(Controls, _smoother);
    }

    /// <summary>Whether the model's decisions are late: past the late limit Dugan gain sharing takes over.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void WatchDecisionTimes()
    {
        bool haveDecision = _targets.HasDecision;
        bool late = _settings.Safety.Fallback && (haveDecision ? _position - _lastDecisionAt > _lateLimit + _workerBlock : _position > _lateLimit + _delay);
        if (late) Status.Late();
        if (late != _fallback)
        {
            _fallback = late;
            Status.SetFallback(late);
            // For the event log: the sample first, then the count that says there is one (a reader reads them the other way).
            if (late) Volatile.Write(ref _fallbackStartedAt, _position);
            else Volatile.Write(ref _fallbackEndedAt, _position);
            Volatile.Write(ref _fallbackTransitions, _fallbackTransitions + 1);
        }
        // Reported only: a decision missing (they come every worker block) while the last good gains hold.
        bool overdue = !_settings.Offline && (haveDecision ? _position - _lastDecisionAt > 2 * _workerBlock : _position > _delay + 2 * _workerBlock);
        if (overdue != _modelLate) { _modelLate = overdue; Status.SetModelLate(overdue); }
    }

    /// <summary>Sample by sample: the decisions due → the targets → the smoother → the pan → out.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Mix(int frames, Span<float> left, Span<float> right)
    {
        long lateDecisions = 0;
        for (int n = 0; n < frames; n++)
        {
            if (TakeDueDecisions(_position + n, ref lateDecisions)) _targets.Update();
            double sharedPower = _fallback ? _dugan.TotalPower() : 0;
            float l = 0, r = 0;
            for (int c = 0; c < _channels; c++)
            {
                float x = _input[c][n];
                float target = _fallback ? _targets.Shared(c, _dugan, sharedPower) : _targets[c];
                _dugan.Hear(c, x);
                _bus.Add(c, _smoother.Next(c, target) * x, ref l, ref r);
            }
            left[n] = l;
            if (_bus.Outputs == 2) right[n] = r;
        }
        if (lateDecisions > 0) Status.LateDecision(lateDecisions);
    }

    /// <summary>The output ceiling, then the output's meters: its peak, its sums (the DC the summary reports), the ceiling's action.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Finish(int frames, Span<float> left, Span<float> right)
    {
        var l = left[..frames];
        var r = _bus.Outputs == 2 ? right[..frames] : Span<float>.Empty;
        float lowest = 1;
        if (_ceiling is not null)
        {
            _ceiling.Process(l, r);
            lowest = _ceiling.LowestGain;
        }
        float peak = 0;
        double sumLeft = 0, sumRight = 0;
        for (int n = 0; n < l.Length; n++)
        {
            float a = Math.Abs(l[n]);
            if (a > peak) peak = a;
            sumLeft += l[n];
        }
        for (int n = 0; n < r.Length; n++)
        {
            float a = Math.Abs(r[n]);
            if (a > peak) peak = a;
            sumRight += r[n];
        }
        Status.Output(20 * MathF.Log10(lowest), peak, sumLeft, sumRight, frames);
    }

    /// <summary>Takes every decision that takes effect by sample <paramref name="t"/>; true when one came.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private bool TakeDueDecisions(long t, ref long lateDecisions)
    {
        bool taken = false;
        while (_queue.TryPeek(out long effective) && effective <= t)
        {
            if (effective < t) lateDecisions++;
            _targets.Take(_queue);
            _lastDecisionAt = effective;
            taken = true;
        }
        return taken;
    }

    /// <summary>What the page and the summary show: the gains applied and the automixer's own, per channel.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Report()
    {
        double sharedPower = _fallback ? _dugan.TotalPower() : 0;
        for (int c = 0; c < _channels; c++)
        {
            Status.AppliedGainDb[c] = 20 * MathF.Log10(Math.Max(_smoother.Applied(c), GainSmoother.FloorAmplitude));
            Status.AutomaticGainDb[c] = _fallback ? (float)_dugan.ShareDb(c, sharedPower) : _targets.DecisionDb(c);
        }
    }

    /// <summary>On the worker thread itself: the nice value <see cref="EngineSettings.WorkerNice"/> asks for (live only).</summary>
    private void RaiseWorkerPriority()
    {
        if (_settings.Offline || _settings.WorkerNice is not { } nice || !OperatingSystem.IsLinux())
        {
            Status.SetWorkerScheduling("nice unchanged");
            return;
        }
        int error = Libc.SetThisThreadNice(nice);
        Status.SetWorkerScheduling(error == 0 ? $"nice {nice}"
            : $"nice unchanged: the system refused nice {nice} (errno {error}; allow it with an RLIMIT_NICE, e.g. the audio group's /etc/security/limits.d/audio.conf), so a busy machine can make the model late");
    }

    /// <summary>The worker: hears the input, runs the model and the feedback detectors, publishes decisions.</summary>
    private void Work(ILiveMixer mixer)
    {
        RaiseWorkerPriority();
        var safety = _settings.Safety;
        var buffers = Enumerable.Range(0, _channels).Select(_ => new float[_workerBlock]).ToArray();
        var frame = new float[_workerBlock * _channels];
        var gains = new MixerGains(_channels, _workerBlock);
        long heard = 0;
        ILiveMixer active = mixer;
        while (!_stop)
        {
            if (!_ring.Read(frame))
            {
                if (_settings.Offline) Thread.Yield(); else Thread.Sleep(1);
                continue;
            }
            for (int n = 0; n < _workerBlock; n++)
                for (int c = 0; c < _channels; c++) buffers[c][n] = frame[n * _channels + c];
            Volatile.Write(ref _workerAt, heard + _workerBlock + Volatile.Read(ref _droppedFrames));
            if (Volatile.Read(ref _fallbackTransitions) != Volatile.Read(ref _fallbackTransitionsSeen)) _events.Refresh();
            if (safety.FeedbackDetection) DetectFeedback(buffers);
            try
            {
                active.Decide(buffers, 0, _workerBlock, gains);
                foreach (float g in gains.EndDb) if (!float.IsFinite(g)) throw new InvalidOperationException("the model gave a gain that is not a number");
            }
            catch (Exception error) when (safety.Fallback && active == mixer)
            {
                Status.Say($"{mixer.Name} failed ({error.Message}); Dugan gain sharing mixes now");
                Status.SetModelFailed();
                AddEvent(new EngineEvent(WorkerTimeSeconds, null, EngineEventKind.Fallback, null,
                    $"{mixer.Name} failed ({error.Message}): Dugan gain sharing mixes from now on", null));
                active = MixerRegistry.CreateClassic(MixerRegistry.FallbackName);
                active.Prepare(_settings.SampleRateHz, _channels, _workerBlock);
                active.Decide(buffers, 0, _workerBlock, gains);
            }
            heard += _workerBlock;
            // Where this block ends in the engine's time: what the worker heard plus what an overrun dropped
            // (after a drop, blocks heard before it are tagged a little later, never earlier: never "late").
            long at = heard + Volatile.Read(ref _droppedFrames);
            while (!_queue.TryPublish(at + _delay, gains.EndDb) && !_stop) Thread.Sleep(0);
            Volatile.Write(ref _heard, heard);
        }
    }

    /// <summary>
    /// On the worker: each channel's <see cref="FeedbackGuard"/> hears the input (before the notches, so it still hears a
    /// howl the notch hides and knows whether it still grows); its notches go to the notch bank, its pull-down to the
    /// gain's feedback fader, and each of its actions becomes an event. The guard allocates nothing; an event does (the
    /// worker may).
    /// </summary>
    private void DetectFeedback(float[][] buffers)
    {
        for (int c = 0; c < _channels; c++)
        {
            var guard = Guards[c];
            guard.Hear(buffers[c]);
            guard.SendNotches(Notches, c);
            Status.FeedbackPullDownDb[c] = (float)guard.PullDownDb;
            while (guard.TryTakeEvent(out var e))
            {
                string action = e.Action switch
                {
                    FeedbackAction.Notch => EngineEvent.Notch,
                    FeedbackAction.Deepen => EngineEvent.Deepen,
                    FeedbackAction.PullDown => EngineEvent.PullDown,
                    FeedbackAction.Release => EngineEvent.Release,
                    _ => EngineEvent.Restore,
                };
                if (e.Action is FeedbackAction.Notch or FeedbackAction.PullDown)
                {
                    Status.Feedback();
                    Status.Say(string.Create(CultureInfo.InvariantCulture, $"feedback on channel {c + 1} at {e.FrequencyHz:0} Hz: {action} {e.DepthDb:0} dB"));
                }
                AddEvent(new EngineEvent(WorkerTimeSeconds, c, EngineEventKind.Feedback, e.FrequencyHz > 0 ? Math.Round(e.FrequencyHz, 1) : null, action, Math.Round(e.DepthDb, 1)));
            }
        }
    }

    /// <summary>
    /// Under the event log's lock, before it is read: the audio thread's fallback transitions since the last look become
    /// events. Transitions alternate (odd: Dugan takes over, even: the model is back); between two looks only the last
    /// start and the last end are known, so a flurry in between is told as one of each, with how many there were.
    /// </summary>
    private void CollectFallbacks(Action<EngineEvent> add)
    {
        long transitions, started, ended;
        do
        {
            transitions = Volatile.Read(ref _fallbackTransitions);
            started = Volatile.Read(ref _fallbackStartedAt);
            ended = Volatile.Read(ref _fallbackEndedAt);
        }
        while (transitions != Volatile.Read(ref _fallbackTransitions));
        long seen = _fallbackTransitionsSeen;
        if (transitions == seen) return;
        Volatile.Write(ref _fallbackTransitionsSeen, transitions);
        double rate = _settings.SampleRateHz;
        long missed = transitions - seen;
        string more = missed > 2 ? $" (the last of {(missed + 1) / 2} since the last look)" : "";
        var start = new EngineEvent(started / rate, null, EngineEventKind.Fallback, null,
            $"{_mixerName}'s decisions were more than {_settings.Safety.LateLimitMs:0} ms late: Dugan gain sharing mixes{more}", null);
        var end = new EngineEvent(ended / rate, null, EngineEventKind.Recovery, null, $"{_mixerName}'s decisions are on time again: it mixes again{more}", null);
        bool inFallback = transitions % 2 == 1;
        if (missed == 1) add(inFallback ? start : end);
        else if (inFallback) { add(end); add(start); }
        else { add(start); add(end); }
    }

    public void Dispose()
    {
        _stop = true;
        // A model stuck in a call cannot be interrupted; the worker is a background thread, so it is left behind.
        _worker?.Join(TimeSpan.FromSeconds(2));
    }
}

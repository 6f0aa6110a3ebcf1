using System.Runtime.CompilerServices;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.Realtime;

/// <summary>
/// The real-time automix engine (issue 8): N input channels → a gain per channel (and a pan) → a mono or
/// stereo mix, with zero added latency. The audio thread (<see cref="Process"/>) only applies gains, per
/// sample, slew-limited, and never allocates, locks, logs or throws. The model runs on a worker thread fed
/// by a lock-free ring (<see cref="SpscRing"/>); its decisions come back through a lock-free queue
/// (<see cref="GainQueue"/>), each tagged with the sample it takes effect at: the input up to sample n
/// decides the gains from n + <see cref="EngineSettings.DecisionDelaySamples"/>. Output sample n depends
/// only on inputs up to n.
///
/// Safety (<see cref="SafetySettings"/>): a boost cap over each channel's line-check gain; a slew limit; a
/// NaN/Inf guard; the feedback detector on the worker pulls a ringing channel down at once; when the
/// model's decisions are late the last good gains hold, and past the late limit (or when the model throws
/// or gives a NaN) Dugan gain sharing mixes, computed on the audio thread so it never waits for anyone.
/// The engineer's <see cref="ChannelControls"/> (lock, mute, priority, pan) are read once a block: a
/// priority offsets the automixer's decision (the model's or Dugan's) under the boost cap, a lock holds the
/// gain the engine had when it saw the lock, a mute fades to a gain of exactly 0 in a few milliseconds.
/// Offline (files), the engine waits for each block's decisions, so a file render is what a live run that
/// is never late would give, sample for sample.
/// </summary>
public sealed class LiveEngine : IDisposable
{
    private const float Floor = 1e-6f;   // −120 dB: where a multiplicative slew starts from
    private readonly EngineSettings _settings;
    private readonly int _channels, _delay, _workerBlock;
    private readonly float[][] _input;
    private readonly float[] _interleaved, _decisionDb, _target, _gain, _mute, _feedback, _feedbackTarget, _panLeft, _panRight;
    // The controls as this block sees them: the held gain of a locked channel, the mute's target, the priority.
    private readonly bool[] _holding;
    private readonly float[] _lockedGain, _muteTarget, _priorityDb, _priorityGain, _capGain, _peak;
    private readonly float _meterFallPerSample;
    private readonly double[] _lineCheckDb, _duganPower;
    private readonly double _duganCoefficient, _duganFloor;
    private readonly float _slewUp, _slewDown, _muteCoefficient;   // the mute and feedback faders: one-pole, 5 ms
    private readonly long _lateLimit;
    private readonly SpscRing _ring;
    private readonly GainQueue _queue;
    private readonly Func<ILiveMixer> _mixerFactory;
    private Thread? _worker;
    private volatile bool _stop;
    private long _position, _heard, _lastDecisionAt;
    private long _droppedFrames;   // input the worker never heard (overruns); written by the audio thread only
    private bool _haveDecision, _fallback, _modelLate;

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
        _input = Enumerable.Range(0, _channels).Select(_ => new float[settings.MaxBlock]).ToArray();
        _interleaved = new float[settings.MaxBlock * _channels];
        int capacity = 1;
        while (capacity < 8 * (settings.MaxBlock + _delay) * _channels) capacity <<= 1;
        _ring = new SpscRing(capacity);
        _queue = new GainQueue(_channels, 1024);
        _decisionDb = new float[_channels];
        _target = Enumerable.Repeat(1f, _channels).ToArray();
        _gain = Enumerable.Repeat(1f, _channels).ToArray();
        _mute = Enumerable.Repeat(1f, _channels).ToArray();
        _feedback = Enumerable.Repeat(1f, _channels).ToArray();
        _feedbackTarget = Enumerable.Repeat(1f, _channels).ToArray();
        _panLeft = new float[_channels];
        _panRight = new float[_channels];
        _lineCheckDb = settings.LineCheckGainsDb ?? new double[_channels];
        _holding = new bool[_channels];
        _lockedGain = new float[_channels];
        _muteTarget = Enumerable.Repeat(1f, _channels).ToArray();
        _priorityDb = new float[_channels];
        _priorityGain = Enumerable.Repeat(1f, _channels).ToArray();
        _capGain = _lineCheckDb.Select(db => settings.Safety.MaxBoostDb is { } boost ? (float)Math.Pow(10, (db + boost) / 20) : float.PositiveInfinity).ToArray();
        _peak = new float[_channels];
        _meterFallPerSample = (float)Math.Pow(10, -12.0 / 20 / rate);
        _duganPower = new double[_channels];
        _duganCoefficient = Math.Exp(-1000.0 / (50 * rate));
        _duganFloor = 1e-8;
        Array.Fill(_duganPower, _duganFloor);
        double slew = settings.Safety.SlewDbPerSecond;
        _slewUp = slew > 0 ? (float)Math.Pow(10, slew / 20 / rate) : float.PositiveInfinity;
        _slewDown = slew > 0 ? 1 / _slewUp : 0;
        _muteCoefficient = (float)(1 - Math.Exp(-1000.0 / (5 * rate)));
        _lateLimit = (long)(settings.Safety.LateLimitMs * rate / 1000);
        Status = new EngineStatus(_channels);
        Controls = new ChannelControls(_channels);
        Detectors = Enumerable.Range(0, _channels).Select(_ => new FeedbackDetector()).ToArray();
    }

    public EngineSettings Settings => _settings;
    public EngineStatus Status { get; }
    public ChannelControls Controls { get; }
    internal FeedbackDetector[] Detectors { get; }
    /// <summary>Samples processed so far (readable from any thread).</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>Starts the worker thread (the model). Call once, before the first <see cref="Process"/>.</summary>
    public void Start()
    {
        if (_worker is not null) throw new InvalidOperationException("the engine is already running");
        var mixer = _mixerFactory();
        mixer.Prepare(_settings.SampleRateHz, _channels, _workerBlock);
        _worker = new Thread(() => Work(mixer)) { IsBackground = true, Name = "autofoh-model" };
        _worker.Start();
    }

    /// <summary>The buffer the backend fills with <paramref name="channel"/>'s next block (at most MaxBlock frames).</summary>
    public Span<float> Input(int channel) => _input[channel];

    /// <summary>
    /// Audio thread: mixes the <paramref name="frames"/> frames the backend put in <see cref="Input"/> into
    /// <paramref name="left"/> (and <paramref name="right"/> for stereo; empty for mono).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // audio thread: optimized at the first call, never recompiled (tiering or OSR would stall it mid-show)
    public void Process(int frames, Span<float> left, Span<float> right)
    {
        Status.Block();
        var safety = _settings.Safety;
        long nans = 0;
        float meterFall = MathF.Pow(_meterFallPerSample, frames);
        for (int c = 0; c < _channels; c++)
        {
            var x = _input[c].AsSpan(0, frames);
            float peak = 0;
            for (int n = 0; n < frames; n++)
            {
                float v = x[n];
                if (!float.IsFinite(v))
                {
                    nans++;
                    if (safety.NanGuard) x[n] = v = 0;
                    else continue;
                }
                float a = Math.Abs(v);
                if (a > peak) peak = a;
            }
            _peak[c] = Math.Max(peak, _peak[c] * meterFall);
            Status.InputPeakDbfs[c] = _peak[c] > Floor ? 20 * MathF.Log10(_peak[c]) : -120;
            for (int n = 0; n < frames; n++) _interleaved[n * _channels + c] = x[n];
        }
        if (nans > 0) Status.Nans(nans);
        if (!_ring.Write(_interleaved.AsSpan(0, frames * _channels)))
        {
            // The worker will never hear this block: it must still tag its decisions with true sample times.
            Status.Overrun();
            Volatile.Write(ref _droppedFrames, _droppedFrames + frames);
        }
        if (_settings.Offline)
        {
            long needed = _position + frames - _delay;
            var spin = new SpinWait();
            while (Volatile.Read(ref _heard) < needed && !_stop) spin.SpinOnce();
        }
        // Controls and the feedback pull-down are read once a block; pan gains too.
        for (int c = 0; c < _channels; c++)
        {
            float pan = Controls.Pan(c), angle = (pan + 1) * MathF.PI / 4;
            _panLeft[c] = _settings.Outputs == 2 ? MathF.Cos(angle) : 1;
            _panRight[c] = MathF.Sin(angle);
            // The feedback pull-down bypasses the slew limit: it must act within a few milliseconds.
            _feedbackTarget[c] = safety.FeedbackDetection ? MathF.Pow(10, Status.FeedbackPullDownDb[c] / 20) : 1f;
            bool locked = Controls.IsLocked(c);
            if (locked && !_holding[c]) _lockedGain[c] = _gain[c];   // hold the gain where it is now
            _holding[c] = locked;
            _muteTarget[c] = Controls.IsMuted(c) ? 0f : 1f;
            _priorityDb[c] = Controls.PriorityDb(c);
            _priorityGain[c] = MathF.Pow(10, _priorityDb[c] / 20);
        }
        UpdateTargets();
        bool late = safety.Fallback && (_haveDecision ? _position - _lastDecisionAt > _lateLimit + _workerBlock : _position > _lateLimit + _delay);
        if (late) Status.Late();
        if (late != _fallback) { _fallback = late; Status.SetFallback(late); }
        // Reported only: a decision missing (they come every worker block) while the last good gains hold.
        bool overdue = !_settings.Offline && (_haveDecision ? _position - _lastDecisionAt > 2 * _workerBlock : _position > _delay + 2 * _workerBlock);
        if (overdue != _modelLate) { _modelLate = overdue; Status.SetModelLate(overdue); }
        long lateDecisions = 0;
        for (int n = 0; n < frames; n++)
        {
            long t = _position + n;
            bool changed = false;
            while (_queue.TryPeek(out long effective) && effective <= t)
            {
                if (effective < t) lateDecisions++;
                _queue.Take(_decisionDb);
                _haveDecision = true;
                _lastDecisionAt = effective;
                changed = true;
            }
            if (changed) UpdateTargets();
            double duganTotal = 0;
            if (_fallback) for (int c = 0; c < _channels; c++) duganTotal += _duganPower[c];
            float l = 0, r = 0;
            for (int c = 0; c < _channels; c++)
            {
                float x = _input[c][n];
                // Dugan's share, offset by the priority and capped as the model's decisions are (a locked channel holds).
                float target = _fallback && !_holding[c] ? Math.Min((float)Math.Sqrt(_duganPower[c] / duganTotal) * _priorityGain[c], _capGain[c]) : _target[c];
                _duganPower[c] = _duganCoefficient * _duganPower[c] + (1 - _duganCoefficient) * ((double)x * x + _duganFloor);
                float g = _gain[c];
                if (target > g) g = Math.Min(target, Math.Max(g, Floor) * _slewUp);
                else g = Math.Max(target, g * _slewDown);
                _gain[c] = g;
                float m = _mute[c];
                m += (_muteTarget[c] - m) * _muteCoefficient;
                if (m < Floor && _muteTarget[c] == 0) m = 0;   // a mute ends at exactly 0 (and never in denormals), 70 ms after it starts
                _mute[c] = m;
                float f = _feedback[c];
                f += (_feedbackTarget[c] - f) * _muteCoefficient;
                _feedback[c] = f;
                float v = g * m * f * x;
                l += v * _panLeft[c];
                r += v * _panRight[c];
            }
            left[n] = l;
            if (_settings.Outputs == 2) right[n] = r;
        }
        if (lateDecisions > 0) Status.LateDecision(lateDecisions);
        Volatile.Write(ref _position, _position + frames);
        double shared = 0;
        if (_fallback) for (int c = 0; c < _channels; c++) shared += _duganPower[c];
        for (int c = 0; c < _channels; c++)
        {
            Status.AppliedGainDb[c] = 20 * MathF.Log10(Math.Max(_gain[c] * _mute[c] * _feedback[c], Floor));
            Status.AutomaticGainDb[c] = _fallback ? (float)(10 * Math.Log10(_duganPower[c] / shared)) : _haveDecision ? _decisionDb[c] : 0;
        }
    }

    /// <summary>Each channel's target from the model's decision, the engineer's controls and the safety caps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // audio thread: optimized at the first call, never recompiled (tiering or OSR would stall it mid-show)
    private void UpdateTargets()
    {
        var safety = _settings.Safety;
        for (int c = 0; c < _channels; c++)
        {
            if (_holding[c]) { _target[c] = _lockedGain[c]; continue; }
            double db = (_haveDecision ? _decisionDb[c] : 0) + _priorityDb[c];
            if (!double.IsFinite(db)) continue;   // keep the last good target
            if (safety.MaxBoostDb is { } boost) db = Math.Min(db, _lineCheckDb[c] + boost);
            _target[c] = (float)Math.Pow(10, db / 20);
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
        var scratch = new float[_workerBlock];
        var gains = new float[_channels];
        var sinceFeedback = new long[_channels];
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
            if (safety.FeedbackDetection)
                for (int c = 0; c < _channels; c++)
                {
                    sinceFeedback[c] += _workerBlock;
                    if (Detectors[c].Push(buffers[c]))
                    {
                        float pulled = (float)Math.Max(Status.FeedbackPullDownDb[c] - safety.FeedbackPullDownDb, -safety.FeedbackMaxPullDownDb);
                        Status.FeedbackPullDownDb[c] = pulled;
                        sinceFeedback[c] = 0;
                        Status.Feedback();
                        Status.Say($"feedback on channel {c + 1} at {Detectors[c].LastBin * _settings.SampleRateHz / (double)FeedbackDetector.FftSize:0} Hz: pulled down to {pulled:0} dB");
                    }
                    else if (sinceFeedback[c] > 5L * _settings.SampleRateHz && Status.FeedbackPullDownDb[c] < 0)
                        Status.FeedbackPullDownDb[c] = (float)Math.Min(0, Status.FeedbackPullDownDb[c] + _workerBlock / (double)_settings.SampleRateHz);   // 1 dB/s back up
                }
            try
            {
                active.Process(buffers, 0, scratch, gains);
                foreach (float g in gains) if (!float.IsFinite(g)) throw new InvalidOperationException("the model gave a gain that is not a number");
            }
            catch (Exception error) when (safety.Fallback && active == mixer)
            {
                Status.Say($"{mixer.Name} failed ({error.Message}); Dugan gain sharing mixes now");
                Status.SetModelFailed();
                active = new DuganMixer();
                active.Prepare(_settings.SampleRateHz, _channels, _workerBlock);
                active.Process(buffers, 0, scratch, gains);
            }
            heard += _workerBlock;
            // Where this block ends in the engine's time: what the worker heard plus what an overrun dropped
            // (after a drop, blocks heard before it are tagged a little later, never earlier: never "late").
            long at = heard + Volatile.Read(ref _droppedFrames);
            while (!_queue.TryPublish(at + _delay, gains) && !_stop) Thread.Sleep(0);
            Volatile.Write(ref _heard, heard);
        }
    }

    public void Dispose()
    {
        _stop = true;
        // A model stuck in a call cannot be interrupted; the worker is a background thread, so it is left behind.
        _worker?.Join(TimeSpan.FromSeconds(2));
    }
}

namespace AutoFoh.Dsp.Feedback;

/// <summary>What the feedback guard did.</summary>
public enum FeedbackAction
{
    /// <summary>A new notch on a howling frequency.</summary>
    Notch,
    /// <summary>A notch made deeper because its howl still grew.</summary>
    Deepen,
    /// <summary>The whole channel pulled down: notches ran out, or a howl grew at the deepest notch.</summary>
    PullDown,
    /// <summary>A notch whose howl has been gone a while starts to come out.</summary>
    Release,
    /// <summary>A pulled-down channel back at its own gain.</summary>
    Restore,
}

/// <summary>One action of the guard: when (the channel's sample count), what, where (Hz; 0 for the whole channel) and how deep (dB).</summary>
public readonly record struct FeedbackGuardEvent(long Sample, FeedbackAction Action, double FrequencyHz, double DepthDb);

/// <summary>
/// One channel's answer to feedback, gentle first, as commercial suppressors do: a <see cref="HowlDetector"/> hears the
/// channel's input; each howl it confirms gets a narrow notch on its frequency (<see cref="NotchFrequencyHz"/>,
/// <see cref="NotchDepthDb"/>, which the caller's notch filters apply), deepened while the howl still grows; the
/// channel itself is pulled down (<see cref="PullDownDb"/>) only when the notches run out (more than
/// <see cref="FeedbackGuardSettings.NotchesBeforePullDown"/> active) or a howl still grows at the deepest notch. A
/// notch whose howl has been gone for <see cref="FeedbackGuardSettings.HoldSeconds"/> comes out slowly; a pull-down
/// comes back up slowly once nothing has grown for a while. Each action is an event (<see cref="TryTakeEvent"/>).
/// The detector listens before the notches, so it still hears a howl that the notch hides from the PA and can tell
/// whether it still grows. Worker thread; allocates nothing after construction.
/// </summary>
public sealed class FeedbackGuard
{
    private readonly FeedbackGuardSettings _settings;
    private readonly HowlDetector _detector;
    private readonly int[] _trackId;
    private readonly long[] _lastSeen;
    private readonly double[] _hz, _depth, _reportedDepth, _sentHz, _sentDepth;
    private readonly bool[] _releasing;
    private readonly FeedbackGuardEvent[] _events = new FeedbackGuardEvent[64];
    private int _eventHead, _eventCount;
    private long _samples, _lastGrowth, _lastPullDown = long.MinValue / 2;
    private double _pullDown;

    public FeedbackGuard(int sampleRateHz, FeedbackGuardSettings? settings = null, HowlDetectorSettings? detector = null)
    {
        _settings = settings ?? new FeedbackGuardSettings();
        _detector = new HowlDetector(sampleRateHz, detector);
        int slots = _settings.Slots;
        _trackId = new int[slots];
        _lastSeen = new long[slots];
        _hz = new double[slots];
        _depth = new double[slots];
        _reportedDepth = new double[slots];
        _sentHz = new double[slots];
        _sentDepth = new double[slots];
        _releasing = new bool[slots];
    }

    public HowlDetector Detector => _detector;
    public int Slots => _hz.Length;
    /// <summary>Each slot's notch (Hz); its depth is 0 when the slot is free.</summary>
    public ReadOnlySpan<double> NotchFrequencyHz => _hz;
    /// <summary>Each slot's notch depth (dB, ≤ 0; 0: no notch).</summary>
    public ReadOnlySpan<double> NotchDepthDb => _depth;
    /// <summary>The channel's pull-down (dB, ≤ 0).</summary>
    public double PullDownDb => _pullDown;
    /// <summary>Notches in place now.</summary>
    public int ActiveNotches
    {
        get
        {
            int n = 0;
            foreach (double d in _depth) if (d < 0) n++;
            return n;
        }
    }

    /// <summary>
    /// Hands the notches that changed since the last call to <paramref name="channel"/> of <paramref name="bank"/> (as
    /// many slots as both have); the bank's audio thread takes them at its next block.
    /// </summary>
    public void SendNotches(Processing.NotchBank bank, int channel)
    {
        for (int slot = 0; slot < Math.Min(_hz.Length, bank.Slots); slot++)
        {
            double hz = _hz[slot], depth = _depth[slot];
            if (hz == _sentHz[slot] && depth == _sentDepth[slot]) continue;
            _sentHz[slot] = hz;
            _sentDepth[slot] = depth;
            bank.Set(channel, slot, Math.Max(hz, 20), depth);   // a free slot (depth 0) still needs a valid frequency
        }
    }

    /// <summary>The oldest action not yet taken (the last 64 are kept).</summary>
    public bool TryTakeEvent(out FeedbackGuardEvent e)
    {
        if (_eventCount == 0) { e = default; return false; }
        e = _events[(_eventHead - _eventCount + _events.Length) % _events.Length];
        _eventCount--;
        return true;
    }

    public void Reset()
    {
        _detector.Reset();
        Array.Clear(_trackId);
        Array.Clear(_depth);
        Array.Clear(_reportedDepth);
        Array.Clear(_releasing);
        _pullDown = 0;
        _samples = _lastGrowth = 0;
        _lastPullDown = long.MinValue / 2;
        _eventCount = 0;
    }

    /// <summary>Hears the channel's input; the notches and the pull-down are up to date afterwards.</summary>
    public void Hear(ReadOnlySpan<float> samples)
    {
        // Frame by frame, so every decision sees the detector's tracks of its own frame.
        int hop = _detector.Hop;
        while (!samples.IsEmpty)
        {
            int take = Math.Min(samples.Length, hop);
            int frames = _detector.Push(samples[..take]);
            _samples += take;
            if (frames > 0) Decide();
            samples = samples[take..];
        }
    }

    private void Decide()
    {
        var s = _settings;
        double frame = _detector.FrameSeconds;
        bool grew = false;
        foreach (var track in _detector.Tracks)
        {
            if (!track.Alive || !track.Confirmed || !track.Present) continue;
            int slot = SlotOf(track);
            if (slot < 0)
            {
                slot = FreeSlot();
                if (slot < 0) { PullDown(track.FrequencyHz, notchesRanOut: true); continue; }
                _trackId[slot] = track.Id;
                _hz[slot] = track.FrequencyHz;
                _depth[slot] = _reportedDepth[slot] = s.FirstDepthDb;
                _releasing[slot] = false;
                _lastSeen[slot] = _samples;
                Say(FeedbackAction.Notch, track.FrequencyHz, s.FirstDepthDb);
                if (ActiveNotches > s.NotchesBeforePullDown) PullDown(track.FrequencyHz, notchesRanOut: true);
                grew = true;
                continue;
            }
            _trackId[slot] = track.Id;
            _lastSeen[slot] = _samples;
            _releasing[slot] = false;
            // A howl that escapes to the notch's side (its phase moved it) takes the notch with it.
            if (Math.Abs(track.FrequencyHz - _hz[slot]) > 0.25 * NotchBandwidthHz(_hz[slot])) _hz[slot] = track.FrequencyHz;
            if (track.GrowthDbPerSecond > s.StillGrowingDbPerSecond)
            {
                grew = true;
                if (_depth[slot] <= s.DeepestDb + 1e-9) { PullDown(track.FrequencyHz); continue; }
                // Deeper by what it grew in the frame, twice over, at least a step: the notch outruns the howl.
                double step = Math.Max(s.DeepenStepDb, 2 * track.GrowthDbPerSecond * frame);
                _depth[slot] = Math.Max(s.DeepestDb, _depth[slot] - step);
                if (_reportedDepth[slot] - _depth[slot] >= s.DeepenStepDb - 1e-9 || _depth[slot] <= s.DeepestDb)
                {
                    _reportedDepth[slot] = _depth[slot];
                    Say(FeedbackAction.Deepen, _hz[slot], _depth[slot]);
                }
            }
        }
        if (grew) _lastGrowth = _samples;
        Release(frame);
    }

    /// <summary>Notches whose howl is long gone come out at <see cref="FeedbackGuardSettings.ReleaseDbPerSecond"/>; so does a pull-down.</summary>
    private void Release(double frame)
    {
        var s = _settings;
        long hold = (long)(s.HoldSeconds * _detector.SampleRateHz);
        for (int i = 0; i < _depth.Length; i++)
        {
            if (_depth[i] >= 0 || _samples - _lastSeen[i] < hold) continue;
            if (!_releasing[i]) { _releasing[i] = true; Say(FeedbackAction.Release, _hz[i], _depth[i]); }
            _depth[i] = Math.Min(0, _depth[i] + s.ReleaseDbPerSecond * frame);
            if (_depth[i] >= 0) { _trackId[i] = 0; _releasing[i] = false; }
        }
        if (_pullDown < 0 && _samples - _lastGrowth > (long)(s.PullDownHoldSeconds * _detector.SampleRateHz))
        {
            _pullDown = Math.Min(0, _pullDown + s.ReleaseDbPerSecond * frame);
            if (_pullDown >= 0) Say(FeedbackAction.Restore, 0, 0);
        }
    }

    /// <summary>One pull-down step: for every notch beyond the last allowed one, or at most every <see cref="FeedbackGuardSettings.PullDownIntervalSeconds"/> while a howl grows at the deepest notch.</summary>
    private void PullDown(double hz, bool notchesRanOut = false)
    {
        var s = _settings;
        if (_pullDown <= -s.MaxPullDownDb) return;
        if (!notchesRanOut && _samples - _lastPullDown < (long)(s.PullDownIntervalSeconds * _detector.SampleRateHz)) return;
        _lastPullDown = _samples;
        _pullDown = Math.Max(-s.MaxPullDownDb, _pullDown - s.PullDownStepDb);
        _lastGrowth = _samples;
        Say(FeedbackAction.PullDown, hz, _pullDown);
    }

    /// <summary>The slot already on this howl: its track, or a notch within a quarter of its bandwidth (a howl found again).</summary>
    private int SlotOf(HowlTrack track)
    {
        int near = -1;
        for (int i = 0; i < _depth.Length; i++)
        {
            if (_depth[i] >= 0) continue;
            if (_trackId[i] == track.Id) return i;
            if (near < 0 && Math.Abs(_hz[i] - track.FrequencyHz) <= Math.Max(0.5 * NotchBandwidthHz(_hz[i]), 1.5 * _detector.SampleRateHz / (double)_detector.FftSize)) near = i;
        }
        return near;
    }

    private int FreeSlot()
    {
        for (int i = 0; i < _depth.Length; i++) if (_depth[i] >= 0) return i;
        return -1;
    }

    /// <summary>The −3 dB bandwidth of the notch at <paramref name="hz"/>: the notch bank's (<see cref="Processing.NotchBank.DefaultQ"/>).</summary>
    public static double NotchBandwidthHz(double hz) => hz / Processing.NotchBank.DefaultQ;

    private void Say(FeedbackAction action, double hz, double depth)
    {
        _events[_eventHead] = new FeedbackGuardEvent(_samples, action, hz, depth);
        _eventHead = (_eventHead + 1) % _events.Length;
        _eventCount = Math.Min(_eventCount + 1, _events.Length);
    }
}

/// <summary>How the feedback guard answers; see <see cref="FeedbackGuard"/>.</summary>
public sealed record FeedbackGuardSettings
{
    /// <summary>Notch filters per channel.</summary>
    public int Slots { get; init; } = 8;
    /// <summary>More active notches than this and the channel is pulled down as well.</summary>
    public int NotchesBeforePullDown { get; init; } = 4;
    /// <summary>A new notch's depth (dB).</summary>
    public double FirstDepthDb { get; init; } = -12;
    /// <summary>The smallest deepening step (dB) and the deepest notch (dB).</summary>
    public double DeepenStepDb { get; init; } = 3;
    public double DeepestDb { get; init; } = -40;
    /// <summary>A howl growing faster than this (dB/s) still grows.</summary>
    public double StillGrowingDbPerSecond { get; init; } = 3;
    /// <summary>Seconds a notch stays after its howl was last heard, and how fast it then comes out (dB/s; a pull-down too).</summary>
    public double HoldSeconds { get; init; } = 20;
    public double ReleaseDbPerSecond { get; init; } = 1;
    /// <summary>Channel pull-down: a step (dB), the most (dB), and the seconds without growth before it comes back.</summary>
    public double PullDownStepDb { get; init; } = 6;
    public double MaxPullDownDb { get; init; } = 24;
    public double PullDownHoldSeconds { get; init; } = 5;
    /// <summary>Seconds between two pull-down steps while a howl grows at the deepest notch (the fader needs time to act).</summary>
    public double PullDownIntervalSeconds { get; init; } = 0.5;
}

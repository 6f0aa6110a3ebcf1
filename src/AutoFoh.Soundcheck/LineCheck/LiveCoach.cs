using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Separation;
using AutoFoh.Dsp.Bands;

namespace AutoFoh.Soundcheck.LineCheck;

/// <summary>
/// The soundcheck from one room microphone. At the start: the line check is placed
/// in the reference and every musician gets a first "up/down N dB" from the solo takes (source "solo"),
/// and the self-test decides whom the tracker can follow in the full band. Then every second of the
/// microphone: each instrument's level change since its line check is fitted (<see
/// cref="LevelTrackingSeparator"/>), the takes at those levels are compared with the reference's balance
/// of the line-check passage over the last seconds, and the change that makes them match is the advice
/// (source "live"), with hysteresis so it does not flicker. An instrument the self-test flagged keeps its
/// solo advice with flag "recheck" (the coach does not guess from the band); an instrument the tracker no
/// longer hears gets "up" with flag "not_heard".
///
/// It is made by <see cref="Coaching.ISoundcheckService.Coach"/> only: the CLI, the web app and the gym all
/// hear the band through this one class, so a simulated soundcheck scores the coach that ships.
/// </summary>
public sealed class LiveCoach
{
    /// <summary>The fingerprint correlation from which the band counts as placed in the song.</summary>
    public const double FollowCorrelation = 0.35;

    private const double EnterDb = 3, LeaveDb = 1.5, NotHeardStepDb = 6, NotHeardDb = -25;
    private readonly AlignedLineCheck _aligned;
    private readonly LevelTrackingSeparator _tracker;
    private readonly GainOffsetEstimator _estimator;
    private readonly Queue<(double[] Changes, int Window)> _history = new();
    private readonly InformedTracker? _informed;
    private readonly ReferencePassages? _passages;
    private readonly bool[] _resting;
    private float[] _recent = [];
    private double? _position;   // where the last window started in the reference (seconds), when followed
    private readonly AdviceAction[] _current;
    private readonly double[] _changes;
    private int _windowCursor;
    private double[] _joint;   // the band's joint corrections, carried from second to second

    internal LiveCoach(ReferenceModel reference, LineCheckTakes lineCheck, CoachOptions? options = null)
    {
        options ??= CoachOptions.Default;
        LineCheck = lineCheck;
        _aligned = lineCheck.Align(reference, reference.Passages);
        if (reference.Passages is not null && _aligned.Found) _informed = new InformedTracker(reference.Passages, _aligned);
        SelfTest = lineCheck.SelfTest(_aligned, _informed, toleranceDb: options.SelfTestToleranceDb);
        _tracker = new LevelTrackingSeparator(lineCheck.Instruments, lineCheck.Takes, lineCheck.SampleRateHz, _aligned.WindowSamples);
        _estimator = new GainOffsetEstimator(lineCheck.Instruments.Count);
        EstimateSeconds = options.EstimateSeconds;
        SoloOffsetsDb = JointOffsets(new double[lineCheck.Instruments.Count], new double[lineCheck.Instruments.Count], sweeps: 10);
        _joint = SoloOffsetsDb.ToArray();
        _current = new AdviceAction[lineCheck.Instruments.Count];
        _changes = new double[lineCheck.Instruments.Count];
        _resting = new bool[lineCheck.Instruments.Count];
        _passages = reference.Passages;
    }

    public LineCheckTakes LineCheck { get; }
    public AlignedLineCheck Aligned => _aligned;
    public IReadOnlyList<SelfTestResult> SelfTest { get; }
    public IReadOnlyList<double> SoloOffsetsDb { get; }
    public int EstimateSeconds { get; }
    public int WindowSamples => _aligned.WindowSamples;

    /// <summary>Where the last window was placed in the reference (seconds), or null when the song could not be followed.</summary>
    public double? Position => _position;

    /// <summary>Each instrument's level change since the line check as last fitted (dB).</summary>
    public IReadOnlyList<double> LastChangesDb => _changes;

    /// <summary>Whether each instrument rests in the reference at the last window (not judged then).</summary>
    public IReadOnlyList<bool> Resting => _resting;

    /// <summary>The first advice, from the solo takes alone (time 0).</summary>
    public IEnumerable<CoachAdvice> SoloAdvice() =>
        LineCheck.Instruments.Select((name, i) => new CoachAdvice(0, name, Decide(i, SoloOffsetsDb[i]), Round(SoloOffsetsDb[i]), AdviceSource.Solo, SelfTest[i].Trackable ? AdviceFlag.Ok : AdviceFlag.Recheck));

    /// <summary>Advice for every instrument from one window (<see cref="WindowSamples"/>) of the room microphone.</summary>
    public CoachAdvice[] Advise(ReadOnlySpan<float> window, double timeSeconds)
    {
        int n = LineCheck.Instruments.Count;
        bool followed = Listen(window);
        if (!followed && _passages is not null && _informed is not null && _recent.Length < 2 * window.Length)
        {
            // The first second: too little to place the band in the song yet, and the plain tracker's
            // guess is the one that reads a louder part as a turned-up amplifier. Wait a second.
            return LineCheck.Instruments.Select((name, i) => new CoachAdvice(timeSeconds, name, AdviceAction.Stay, 0, AdviceSource.Live, SelfTest[i].Trackable ? AdviceFlag.Ok : AdviceFlag.Recheck)).ToArray();
        }
        var changes = (double[])_changes.Clone();
        for (int i = 0; i < n; i++) if (_resting[i]) changes[i] = double.NaN;
        _history.Enqueue((changes, _windowCursor++));
        if (_history.Count > EstimateSeconds) _history.Dequeue();
        var advice = new CoachAdvice[n];
        double[]? median = null, jointAt = null;
        for (int i = 0; i < n; i++)
        {
            string name = LineCheck.Instruments[i];
            if (!SelfTest[i].Trackable)
            {
                advice[i] = new CoachAdvice(timeSeconds, name, Decide(i, SoloOffsetsDb[i]), Round(SoloOffsetsDb[i]), AdviceSource.Solo, AdviceFlag.Recheck);
                continue;
            }
            // The median change of the last seconds (the tracker's single seconds scatter by a few dB),
            // applied to the whole line check against its passage's balance.
            median ??= Enumerable.Range(0, n).Select(j => Median(_history.Select(h => h.Changes[j]))).ToArray();
            if (_resting[i] || double.IsNaN(median[i]))
            {
                // The reference has this instrument resting here: nothing to judge.
                _current[i] = AdviceAction.Stay;
                advice[i] = new CoachAdvice(timeSeconds, name, AdviceAction.Stay, 0, AdviceSource.Live, AdviceFlag.Ok);
                continue;
            }
            for (int j = 0; j < n; j++) if (double.IsNaN(median[j])) median[j] = 0;
            if (median[i] <= NotHeardDb)
            {
                _current[i] = AdviceAction.Up;
                advice[i] = new CoachAdvice(timeSeconds, name, AdviceAction.Up, NotHeardStepDb, AdviceSource.Live, AdviceFlag.NotHeard);
                continue;
            }
            _joint = jointAt == median ? _joint : JointOffsets(median.Select(v => double.IsNaN(v) ? 0 : v).ToArray(), _joint, sweeps: 3);
            jointAt = median;
            double offset = _joint[i];
            advice[i] = new CoachAdvice(timeSeconds, name, Decide(i, offset), Round(offset), AdviceSource.Live, AdviceFlag.Ok);
        }
        return advice;
    }

    /// <summary>
    /// Hears one window (<see cref="WindowSamples"/>) of the room microphone without judging it: places it in
    /// the song and fits every instrument's level change since the line check (<see cref="LastChangesDb"/>,
    /// <see cref="Resting"/>, <see cref="Position"/>). Lost in the song for a moment, the last levels hold;
    /// with no reference to follow, the plain tracker fits them. <see cref="Advise"/> starts with this.
    /// False when the window could not be placed in the song.
    /// </summary>
    public bool Listen(ReadOnlySpan<float> window)
    {
        Array.Clear(_resting);
        bool followed = FollowSong(window, LineCheck.SampleRateHz);
        if (!followed && _informed is null) _tracker.FitChanges(window, _changes);
        return followed;
    }

    /// <summary>
    /// The balance the coach hears and the one the reference wants, for the engineer's heatmaps (24 × N
    /// shares, band-major): the line check's passage with every instrument at its last tracked level, and
    /// the reference's balance of that passage, each averaged over the passage's windows.
    /// </summary>
    public void Balance(Span<float> heard, Span<float> ideal)
    {
        int n = LineCheck.Instruments.Count, windows = _aligned.Windows;
        if (heard.Length != CriticalBands.Count * n || ideal.Length != CriticalBands.Count * n) throw new ArgumentException($"balance spans need {CriticalBands.Count * n} values");
        heard.Clear();
        ideal.Clear();
        if (windows == 0) return;
        var shares = new float[CriticalBands.Count * n];
        foreach (var frame in _aligned.Frames(0, _changes))
        {
            frame.Shares(0, shares);
            for (int k = 0; k < shares.Length; k++) heard[k] += shares[k] / windows;
        }
        foreach (var frameIdeal in _aligned.Ideals)
            for (int k = 0; k < frameIdeal.Length; k++) ideal[k] += frameIdeal[k] / windows;
    }

    /// <summary>
    /// The corrections that bring the whole band to the passage's balance together, the instruments at
    /// <paramref name="levels"/> (dB from their line check): each instrument in turn moved to where its own
    /// share matches, the others where the last turn left them (Gauss-Seidel, from <paramref name="start"/>),
    /// then the band's median held still, so one guitar 12 dB too loud is told "down 12" and the others
    /// nothing (judged one at a time, each of them would be "up"). With two instruments either could be the
    /// one that is off (a loud guitar or a quiet band), so each is judged alone.
    /// </summary>
    private double[] JointOffsets(double[] levels, double[] start, int sweeps)
    {
        int n = levels.Length;
        if (n <= 2) return Enumerable.Range(0, n).Select(i => _estimator.Estimate(_aligned.Frames(i, levels))).ToArray();
        var corrections = (double[])start.Clone();
        var at = new double[n];
        for (int sweep = 0; sweep < sweeps; sweep++)
        {
            double largest = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) at[j] = levels[j] + corrections[j];
                double step = _estimator.Estimate(_aligned.Frames(i, at));
                corrections[i] += step;
                largest = Math.Max(largest, Math.Abs(step));
            }
            double middle = Median(corrections);
            for (int i = 0; i < n; i++) corrections[i] -= middle;
            if (largest < 0.3) break;
        }
        return corrections;
    }

    /// <summary>Up, down or stay with hysteresis: a move starts beyond ±3 dB and stops within ±1.5 dB.</summary>
    private AdviceAction Decide(int instrument, double offsetDb)
    {
        var action = _current[instrument] switch
        {
            AdviceAction.Up when offsetDb > LeaveDb => AdviceAction.Up,
            AdviceAction.Down when offsetDb < -LeaveDb => AdviceAction.Down,
            _ => offsetDb > EnterDb ? AdviceAction.Up : offsetDb < -EnterDb ? AdviceAction.Down : AdviceAction.Stay,
        };
        _current[instrument] = action;
        return action;
    }

    /// <summary>
    /// Places the window in the song from the last few seconds of the microphone (following on from the
    /// last place when that was sure) and fits the levels with what the reference plays there. False when
    /// the song cannot be followed (the plain tracker then decides).
    /// </summary>
    private bool FollowSong(ReadOnlySpan<float> window, int rate)
    {
        int keep = Math.Min(EstimateSeconds, 5) * window.Length;
        var recent = new float[Math.Min(keep, _recent.Length + window.Length)];
        int fromOld = recent.Length - window.Length;
        Array.Copy(_recent, _recent.Length - fromOld, recent, 0, fromOld);
        window.CopyTo(recent.AsSpan(fromOld));
        _recent = recent;
        if (_informed is null || _passages is null || recent.Length < 2 * window.Length) { _position = null; return false; }
        double lead = fromOld / (double)rate;
        var (start, correlation) = _passages.Locate(recent, rate, _position is double p ? p + window.Length / (double)rate - lead : null);
        if (correlation < FollowCorrelation && _position is not null) (start, correlation) = _passages.Locate(recent, rate);
        if (correlation < FollowCorrelation) { _position = null; return false; }
        _position = start + lead;
        int frame = _passages.FrameAt(_position.Value);
        if (frame < 0) { _position = null; return false; }
        _informed.Fit(window, frame, _changes, _resting);
        return true;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }

    private static double Round(double offsetDb) => Math.Round(offsetDb, 1);
}

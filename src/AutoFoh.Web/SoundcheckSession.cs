using AutoFoh.Audio.Serialization;
using System.Threading.Channels;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Web;

/// <summary>
/// The one soundcheck the server runs: the reference, the line check as it is recorded, the coach (a
/// <see cref="SoundcheckRun"/> of the <see cref="SoundcheckService"/>, as the CLI's), and what it said. It lives on the server, so a page that reloads or a WebSocket that drops finds it as it
/// was, and any number of screens can show the same instrument. One microphone streams at a time.
/// Thread-safe: the microphone's socket, the pages' requests and the event streams meet here.
/// </summary>
public sealed class SoundcheckSession(SoundcheckService? service = null)
{
    public const int HistorySeconds = 600;
    private readonly object _gate = new();
    private readonly EventFeed _feed = new();
    private readonly Dictionary<string, float[]> _takes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _history = new();
    private readonly Dictionary<string, AdviceItem> _latest = new(StringComparer.OrdinalIgnoreCase);
    private float[]? _roomTone;
    private SoundcheckRun? _run;
    private long _windowsAdvised;
    private int _micActive;

    /// <summary>The service that builds references and makes the coach.</summary>
    public SoundcheckService Service { get; } = service ?? SoundcheckService.Default;

    public ReferenceModel? Reference { get; private set; }
    public string ReferenceName { get; private set; } = "";
    public IReadOnlyList<string> Instruments => Reference?.Instruments ?? [];
    public int SampleRateHz => Reference?.SampleRateHz ?? 0;
    public long WindowsAdvised => Interlocked.Read(ref _windowsAdvised);

    /// <summary>The coach of the current line check (null before the microphone first starts on it).</summary>
    public LiveCoach? Coach { get { lock (_gate) return _run?.Coach; } }

    /// <summary>The advice messages published so far (JSON), oldest first, at most <see cref="HistorySeconds"/>.</summary>
    public IReadOnlyList<string> History { get { lock (_gate) return _history.ToArray(); } }

    public bool IsInstrument(string name) => Instruments.Any(i => string.Equals(i, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new reference: the line check and the coach start over.</summary>
    public void SetReference(ReferenceModel reference, string name)
    {
        lock (_gate)
        {
            Reference = reference;
            ReferenceName = name;
            _takes.Clear();
            _roomTone = null;
            _run = null;
            _latest.Clear();
            _history.Clear();
        }
        Publish(StateMessage());
    }

    /// <summary>Keeps one instrument's line-check take; a take that cannot be used throws <see cref="LineCheckException"/> naming it.</summary>
    public void AddTake(string instrument, float[] take)
    {
        var reference = Reference ?? throw new InvalidOperationException("choose a reference before the line check");
        if (string.Equals(instrument, LineCheckFolder.RoomToneName, StringComparison.OrdinalIgnoreCase)) { SetRoomTone(take); return; }
        string name = Instruments.FirstOrDefault(i => string.Equals(i, instrument, StringComparison.OrdinalIgnoreCase))
            ?? throw new LineCheckException(instrument, $"the reference has no instrument of that name (its instruments: {string.Join(", ", Instruments)})");
        LineCheckTakes.Check(name, take, reference.SampleRateHz);
        lock (_gate) { _takes[name] = take; _run = null; }
        Publish(StateMessage());
    }

    public void SetRoomTone(float[] roomTone)
    {
        var reference = Reference ?? throw new InvalidOperationException("choose a reference before the line check");
        LineCheckTakes.CheckRoomTone(roomTone, reference.SampleRateHz);
        lock (_gate) { _roomTone = roomTone; _run = null; }
        Publish(StateMessage());
    }

    /// <summary>A whole line check at once (the takes of a folder).</summary>
    public void SetLineCheck(LineCheckTakes lineCheck)
    {
        lock (_gate)
        {
            _takes.Clear();
            for (int i = 0; i < lineCheck.Instruments.Count; i++) _takes[lineCheck.Instruments[i]] = lineCheck.Takes[i];
            _roomTone = lineCheck.RoomTone;
            _run = null;
        }
        Publish(StateMessage());
    }

    public IReadOnlyList<string> TakenInstruments { get { lock (_gate) return Instruments.Where(_takes.ContainsKey).ToArray(); } }
    public bool HasRoomTone { get { lock (_gate) return _roomTone is not null; } }

    /// <summary>
    /// Starts the microphone stream: learns from the line check (once per line check), publishes the solo
    /// advice, and returns false when another microphone is already streaming.
    /// </summary>
    public bool TryStartMicrophone(out string? error)
    {
        error = null;
        if (Reference is null) { error = "choose a reference first"; return false; }
        if (Interlocked.CompareExchange(ref _micActive, 1, 0) != 0) { error = "a soundcheck is already running: one microphone at a time"; return false; }
        try
        {
            lock (_gate)
            {
                if (_takes.Count == 0) { error = "record the line check first"; _micActive = 0; return false; }
                if (_run is null)
                {
                    var names = Instruments.Where(_takes.ContainsKey).ToArray();
                    _run = Service.Start(Reference, new LineCheckTakes(names, names.Select(n => _takes[n]).ToArray(), Reference.SampleRateHz, _roomTone), balance: true);
                    PublishAdvice(_run.SoloAdvice(), 0, double.NegativeInfinity, false);
                }
                var run = _run;
                lock (run) run.DropPartialWindow();
            }
            Publish(StateMessage());
            return true;
        }
        catch
        {
            Interlocked.Exchange(ref _micActive, 0);
            throw;
        }
    }

    public bool MicrophoneActive => Volatile.Read(ref _micActive) != 0;

    public void StopMicrophone()
    {
        Interlocked.Exchange(ref _micActive, 0);
        Publish(StateMessage());
    }

    /// <summary>Samples from the microphone (at the reference's rate); advice is published every full window.</summary>
    public void AddMicrophoneSamples(ReadOnlySpan<float> samples)
    {
        SoundcheckRun run;
        lock (_gate) run = _run ?? throw new InvalidOperationException("the microphone is not started");
        List<CoachedSecond> seconds;
        lock (run) seconds = run.Listen(samples);
        foreach (var second in seconds)
        {
            long index = Interlocked.Increment(ref _windowsAdvised);
            lock (_gate) PublishAdvice(second.Advice, index * run.WindowSamples / (double)run.SampleRateHz, second.LevelDbfs, second.Clipping, run.Instruments, second.Heard, second.Ideal);
        }
    }

    private void PublishAdvice(CoachAdvice[] advice, double timeSeconds, double levelDbfs, bool clipping,
        IReadOnlyList<string>? judged = null, float[]? heard = null, float[]? ideal = null)
    {
        var warnings = new List<string>();
        if (clipping) warnings.Add("clipping: turn the laptop's input down");
        else if (double.IsFinite(levelDbfs) && levelDbfs < -60) warnings.Add($"too quiet: the microphone hears {levelDbfs:0} dBFS");
        foreach (var a in advice.Where(a => a.Flag == AdviceFlag.NotHeard)) warnings.Add($"{a.Instrument} is not heard");
        var items = advice.Select(AdviceItem.From).ToArray();
        foreach (var item in items) _latest[item.Instrument] = item;
        var balance = judged is not null && heard is not null && ideal is not null
            ? new AdviceBalance(judged.ToArray(), heard.Select(v => MathF.Round(v, 3)).ToArray(), ideal.Select(v => MathF.Round(v, 3)).ToArray())
            : null;
        var message = new AdviceMessage(Math.Round(timeSeconds, 3), double.IsFinite(levelDbfs) ? Math.Round(levelDbfs, 1) : null, items, warnings, balance);
        string text = SnakeCaseJson.Serialize(message);
        _history.Enqueue(text);
        while (_history.Count > HistorySeconds) _history.Dequeue();
        PublishLocked(text);
    }

    /// <summary>What a page needs on (re)connecting: the reference, the line check, the latest advice.</summary>
    public string StateMessage()
    {
        lock (_gate)
        {
            return SnakeCaseJson.Serialize(new SoundcheckStateMessage(ReferenceName, SampleRateHz, Instruments.ToArray(),
                Instruments.Where(_takes.ContainsKey).ToArray(), _roomTone is not null, MicrophoneActive, new Dictionary<string, AdviceItem>(_latest)));
        }
    }

    /// <summary>A reader of every message from now on, starting with the state; dispose the lease to stop.</summary>
    /// <remarks>A slow viewer loses its oldest messages rather than holding the microphone up.</remarks>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe() => _feed.Subscribe(StateMessage());

    public int Subscribers => _feed.Subscribers;

    private void Publish(string message) { lock (_gate) _feed.Publish(message); }

    private void PublishLocked(string message) => _feed.Publish(message);
}

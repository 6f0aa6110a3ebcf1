using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Web;

/// <summary>
/// The one soundcheck the server runs: the reference, the line check as it is recorded, the coach, and
/// what it said. It lives on the server, so a page that reloads or a WebSocket that drops finds it as it
/// was, and any number of screens can show the same instrument. One microphone streams at a time.
/// Thread-safe: the microphone's socket, the pages' requests and the event streams meet here.
/// </summary>
public sealed class SoundcheckSession
{
    public const int HistorySeconds = 600;
    private readonly object _gate = new();
    private readonly List<Channel<string>> _subscribers = [];
    private readonly Dictionary<string, float[]> _takes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _history = new();
    private readonly Dictionary<string, JsonObject> _latest = new(StringComparer.OrdinalIgnoreCase);
    private float[]? _roomTone;
    private LiveCoach? _coach;
    private float[] _pending = [];
    private int _pendingCount;
    private long _windowsAdvised;
    private int _micActive;

    public ReferenceModel? Reference { get; private set; }
    public string ReferenceName { get; private set; } = "";
    public IReadOnlyList<string> Instruments => Reference?.Instruments ?? [];
    public int SampleRateHz => Reference?.SampleRateHz ?? 0;
    public long WindowsAdvised => Interlocked.Read(ref _windowsAdvised);

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
            _coach = null;
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
        lock (_gate) { _takes[name] = take; _coach = null; }
        Publish(StateMessage());
    }

    public void SetRoomTone(float[] roomTone)
    {
        var reference = Reference ?? throw new InvalidOperationException("choose a reference before the line check");
        LineCheckTakes.CheckRoomTone(roomTone, reference.SampleRateHz);
        lock (_gate) { _roomTone = roomTone; _coach = null; }
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
            _coach = null;
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
            LiveCoach coach;
            lock (_gate)
            {
                if (_takes.Count == 0) { error = "record the line check first"; _micActive = 0; return false; }
                if (_coach is null)
                {
                    var names = Instruments.Where(_takes.ContainsKey).ToArray();
                    _coach = new LiveCoach(Reference, new LineCheckTakes(names, names.Select(n => _takes[n]).ToArray(), Reference.SampleRateHz, _roomTone));
                    PublishAdvice(_coach.SoloAdvice().ToArray(), 0, double.NegativeInfinity, false);
                }
                coach = _coach;
                _pending = new float[coach.WindowSamples];
                _pendingCount = 0;
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
        while (samples.Length > 0)
        {
            LiveCoach coach;
            float[] window;
            lock (_gate)
            {
                coach = _coach ?? throw new InvalidOperationException("the microphone is not started");
                int take = Math.Min(samples.Length, _pending.Length - _pendingCount);
                samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
                _pendingCount += take;
                samples = samples[take..];
                if (_pendingCount < _pending.Length) return;
                window = _pending;
                _pending = new float[window.Length];
                _pendingCount = 0;
            }
            double peak = 0, power = 0;
            foreach (float v in window) { peak = Math.Max(peak, Math.Abs(v)); power += (double)v * v; }
            double levelDbfs = 10 * Math.Log10(power / window.Length + 1e-20);
            long index = Interlocked.Increment(ref _windowsAdvised);
            CoachAdvice[] advice;
            int n = coach.LineCheck.Instruments.Count;
            var heard = new float[24 * n];
            var ideal = new float[24 * n];
            lock (coach)
            {
                advice = coach.Advise(window, index * window.Length / (double)coach.LineCheck.SampleRateHz);
                coach.Balance(heard, ideal);
            }
            lock (_gate) PublishAdvice(advice, index * window.Length / (double)coach.LineCheck.SampleRateHz, levelDbfs, peak >= 0.999, coach.LineCheck.Instruments, heard, ideal);
        }
    }

    private void PublishAdvice(CoachAdvice[] advice, double timeSeconds, double levelDbfs, bool clipping,
        IReadOnlyList<string>? judged = null, float[]? heard = null, float[]? ideal = null)
    {
        var warnings = new JsonArray();
        if (clipping) warnings.Add("clipping: turn the laptop's input down");
        else if (double.IsFinite(levelDbfs) && levelDbfs < -60) warnings.Add($"too quiet: the microphone hears {levelDbfs:0} dBFS");
        foreach (var a in advice.Where(a => a.Flag == "not_heard")) warnings.Add($"{a.Instrument} is not heard");
        var items = new JsonArray();
        foreach (var a in advice)
        {
            var item = new JsonObject
            {
                ["instrument"] = a.Instrument,
                ["advice"] = a.Action.Word(),
                ["offset_db"] = Math.Round(a.OffsetDb, 1),
                ["source"] = a.Source,
                ["flag"] = a.Flag,
            };
            _latest[a.Instrument] = item;
            items.Add(item);
        }
        var message = new JsonObject
        {
            ["type"] = "advice",
            ["t_s"] = Math.Round(timeSeconds, 3),
            ["level_dbfs"] = double.IsFinite(levelDbfs) ? Math.Round(levelDbfs, 1) : null,
            ["advice"] = items,
            ["warnings"] = warnings,
        };
        if (judged is not null && heard is not null && ideal is not null)
            message["balance"] = new JsonObject
            {
                ["instruments"] = new JsonArray(judged.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
                ["heard"] = new JsonArray(heard.Select(v => (JsonNode)JsonValue.Create(MathF.Round(v, 3))!).ToArray()),
                ["ideal"] = new JsonArray(ideal.Select(v => (JsonNode)JsonValue.Create(MathF.Round(v, 3))!).ToArray()),
            };
        string text = message.ToJsonString();
        _history.Enqueue(text);
        while (_history.Count > HistorySeconds) _history.Dequeue();
        PublishLocked(text);
    }

    /// <summary>What a page needs on (re)connecting: the reference, the line check, the latest advice.</summary>
    public string StateMessage()
    {
        lock (_gate)
        {
            var latest = new JsonObject();
            foreach (var (name, item) in _latest) latest[name] = item.DeepClone();
            return new JsonObject
            {
                ["type"] = "state",
                ["reference"] = ReferenceName,
                ["sample_rate_hz"] = SampleRateHz,
                ["instruments"] = new JsonArray(Instruments.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
                ["line_check"] = new JsonArray(Instruments.Where(_takes.ContainsKey).Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()),
                ["room_tone"] = _roomTone is not null,
                ["microphone"] = MicrophoneActive,
                ["latest"] = latest,
            }.ToJsonString();
        }
    }

    /// <summary>A reader of every message from now on, starting with the state; dispose the lease to stop.</summary>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe()
    {
        // A slow viewer loses its oldest messages rather than holding the microphone up.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        channel.Writer.TryWrite(StateMessage());
        lock (_gate) _subscribers.Add(channel);
        return (channel.Reader, new Lease(() => { lock (_gate) _subscribers.Remove(channel); channel.Writer.TryComplete(); }));
    }

    public int Subscribers { get { lock (_gate) return _subscribers.Count; } }

    private void Publish(string message) { lock (_gate) PublishLocked(message); }

    private void PublishLocked(string message)
    {
        foreach (var channel in _subscribers) channel.Writer.TryWrite(message);
    }

}

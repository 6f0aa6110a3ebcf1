using System.Text.Json;
using System.Threading.Channels;
using AutoFoh.Audio.Serialization;
using AutoFoh.Realtime;

namespace AutoFoh.Web;

/// <summary>
/// The live mix as the web page sees it: a few times a second the engine's status (each
/// channel's input meter, applied gain, automatic gain, feedback pull-down, the engineer's controls) is read
/// from the engine's lock-free <see cref="EngineStatus"/> and fanned out to every page as server-sent events;
/// the last <see cref="HistoryUpdates"/> gains are kept so a page that (re)connects draws its plots at once.
/// Controls from the pages go to the engine's <see cref="ChannelControls"/> (plain atomic writes the audio
/// thread reads once a block), so a request never waits for the audio thread nor the audio thread for it.
/// </summary>
public sealed class LiveSession : IDisposable
{
    public const int HistoryUpdates = 150;
    /// <summary>How many of the newest events (and of the newest fallbacks) each update carries.</summary>
    public const int EventsShown = 20, FallbacksShown = 10;
    public static readonly string[] ControlNames = ["muted", "locked", "priority_db"];
    private readonly LiveEngine _engine;
    private readonly string[] _channels;
    private readonly EventFeed _feed = new(64);
    private readonly object _gate = new();
    private readonly Queue<(double TimeSeconds, float[] GainsDb)> _history = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly double _updatesPerSecond;
    private volatile string _note = "";
    private volatile bool _finished;
    private Task? _ticker;

    public LiveSession(LiveEngine engine, IReadOnlyList<string> channelNames, string mixerName, double updatesPerSecond = 5)
    {
        if (channelNames.Count != engine.Settings.Channels) throw new ArgumentException($"{channelNames.Count} channel names for an engine of {engine.Settings.Channels} channels");
        if (channelNames.Distinct(StringComparer.OrdinalIgnoreCase).Count() != channelNames.Count) throw new ArgumentException($"channel names must differ: {string.Join(", ", channelNames)}");
        _engine = engine;
        _channels = channelNames.ToArray();
        MixerName = mixerName;
        _updatesPerSecond = updatesPerSecond;
    }

    public IReadOnlyList<string> Channels => _channels;
    public string MixerName { get; }
    public int Subscribers => _feed.Subscribers;

    /// <summary>Starts publishing updates (<c>updatesPerSecond</c> a second).</summary>
    public void Start()
    {
        if (_ticker is not null) return;
        _ticker = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / _updatesPerSecond));
            try { while (await timer.WaitForNextTickAsync(_stop.Token)) Tick(); }
            catch (OperationCanceledException) { }
        });
    }

    /// <summary>The engine has stopped (the files ended, the server went away): one last update says so and why.</summary>
    public void Finish(string note)
    {
        _note = note;
        _finished = true;
        Tick();
    }

    /// <summary>The channel called <paramref name="name"/> (case-insensitive), or −1.</summary>
    public int Find(string name) => Array.FindIndex(_channels, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>What a page needs on (re)connecting: the channels, the mixer, the gains so far and the latest update.</summary>
    public LiveStateMessage State()
    {
        var times = new List<double>();
        var gains = _channels.Select(_ => new List<double>()).ToArray();
        lock (_gate)
            foreach (var (time, snapshot) in _history)
            {
                times.Add(Math.Round(time, 2));
                for (int c = 0; c < _channels.Length; c++) gains[c].Add(Number(snapshot[c]));
            }
        return new LiveStateMessage(MixerName, _engine.Settings.SampleRateHz, _updatesPerSecond, ChannelControls.MaxPriorityDb, [.. _channels],
            new LiveHistory(times, gains.Select(g => g.ToArray()).ToList()), Update());
    }

    /// <summary><see cref="State"/> as JSON.</summary>
    public string StateMessage() => Serialize(State());

    public string UpdateMessage() => Serialize(Update());

    /// <summary>A reader of the state, then of every update; dispose the lease to stop.</summary>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe() => _feed.Subscribe(StateMessage());

    /// <summary>
    /// Applies one page's controls to <paramref name="channelName"/>: a JSON object with any of
    /// <c>muted</c> (bool), <c>locked</c> (bool), <c>priority_db</c> (number, ±<see cref="ChannelControls.MaxPriorityDb"/>).
    /// Everything is checked before anything is applied; a bad value throws <see cref="ArgumentException"/>
    /// whose one-line message names it. Returns the channel as the next update will show it.
    /// </summary>
    public string Apply(string channelName, JsonElement body)
    {
        int c = Find(channelName);
        if (c < 0) throw new ArgumentException($"channel '{channelName}': no such channel ({string.Join(", ", _channels)})");
        if (body.ValueKind != JsonValueKind.Object) throw new ArgumentException($"the control must be a JSON object such as {{\"muted\": true}}, not {Shown(body)}");
        bool? muted = null, locked = null;
        double? priorityDb = null;
        foreach (var field in body.EnumerateObject())
        {
            switch (field.Name)
            {
                case "muted": muted = Flag(field); break;
                case "locked": locked = Flag(field); break;
                case "priority_db":
                    if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDouble(out double db)) throw new ArgumentException($"priority_db {Shown(field.Value)}: not a number of dB");
                    if (!ChannelControls.IsValidPriorityDb(db)) throw new ArgumentException($"priority_db {db}: must be between −{ChannelControls.MaxPriorityDb} and +{ChannelControls.MaxPriorityDb} dB");
                    priorityDb = db;
                    break;
                default: throw new ArgumentException($"'{field.Name}': not a control ({string.Join(", ", ControlNames)})");
            }
        }
        if (muted is null && locked is null && priorityDb is null) throw new ArgumentException($"no control given ({string.Join(", ", ControlNames)})");
        var controls = _engine.Controls;
        if (muted is { } m) controls.Mute(c, m);
        if (locked is { } l) controls.Lock(c, l);
        if (priorityDb is { } p) controls.SetPriorityDb(c, p);
        return Serialize(Channel(c));
    }

    private static bool Flag(JsonProperty field) => field.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ArgumentException($"{field.Name} {Shown(field.Value)}: true or false"),
    };

    private static string Shown(JsonElement value)
    {
        string text = value.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    private void Tick()
    {
        var update = Update();
        double time = _engine.Position / (double)_engine.Settings.SampleRateHz;
        lock (_gate)
        {
            _history.Enqueue((time, (float[])_engine.Status.AppliedGainDb.Clone()));
            while (_history.Count > HistoryUpdates) _history.Dequeue();
        }
        _feed.Publish(Serialize(update));
    }

    private LiveUpdateMessage Update()
    {
        var status = _engine.Status;
        return new LiveUpdateMessage(
            Math.Round(_engine.Position / (double)_engine.Settings.SampleRateHz, 3),
            _finished ? LiveRunState.Finished : LiveRunState.Running,
            _note.Length > 0 ? _note : status.Message,
            status.FallbackActive,
            status.ModelLate,
            status.ModelFailed,
            status.LateBlocks,
            status.Overruns,
            status.FeedbackEvents,
            Number(status.CeilingGainDb),
            status.BadSamplesReplaced,
            _engine.Events.Total,
            _engine.Events.Latest(EventsShown).Select(Event).ToList(),
            Fallbacks(),
            Enumerable.Range(0, _channels.Length).Select(Channel).ToList());
    }

    /// <summary>The newest fallbacks and recoveries, newest first, however many feedback events came since.</summary>
    private List<LiveEvent> Fallbacks() =>
        [.. _engine.Events.Latest(FallbacksShown, EngineEventKind.Fallback).Concat(_engine.Events.Latest(FallbacksShown, EngineEventKind.Recovery))
            .OrderByDescending(e => e.TimeSeconds).Take(FallbacksShown).Select(Event)];

    private LiveEvent Event(EngineEvent e) =>
        new(Math.Round(e.TimeSeconds, 3), e.Channel is { } c && c < _channels.Length ? _channels[c] : null, e.Kind,
            e.FrequencyHz is { } hz ? Math.Round(hz, 1) : null, e.Action, e.DepthDb is { } db ? Math.Round(db, 2) : null);

    private LiveChannelUpdate Channel(int c)
    {
        var status = _engine.Status;
        var controls = _engine.Controls;
        float feedbackDb = status.FeedbackPullDownDb[c];
        // One word for the strip: its own trouble first, then the engine's.
        var word = feedbackDb < 0 ? LiveChannelStatus.Feedback
            : status.FallbackActive || status.ModelFailed ? LiveChannelStatus.Dugan
            : status.ModelLate ? LiveChannelStatus.Late
            : LiveChannelStatus.Ok;
        return new LiveChannelUpdate(_channels[c], Number(status.InputPeakDbfs[c]), Number(status.AppliedGainDb[c]), Number(status.AutomaticGainDb[c]),
            Number(controls.PriorityDb(c)), controls.IsMuted(c), controls.IsLocked(c), Number(feedbackDb), Notches(c), word);
    }

    /// <summary>The notches of channel <paramref name="c"/> that cut now, lowest frequency first.</summary>
    private List<LiveNotch> Notches(int c)
    {
        var bank = _engine.Notches;
        var notches = new List<LiveNotch>();
        if (bank.ActiveCount(c) == 0) return notches;
        for (int s = 0; s < bank.Slots; s++)
        {
            float depth = bank.AppliedDepthDb(c, s);
            if (depth < 0) notches.Add(new LiveNotch(Math.Round(bank.AppliedFrequencyHz(c, s), 1), Math.Round(depth, 2)));
        }
        notches.Sort((a, b) => a.FrequencyHz.CompareTo(b.FrequencyHz));
        return notches;
    }

    /// <summary>A figure for the page: dB to 0.01 (NaN, which goes as null, when it is not a number).</summary>
    private static double Number(float value) => float.IsFinite(value) ? Math.Round(value, 2) : double.NaN;

    private static string Serialize<T>(T message) => JsonSerializer.Serialize(message, SnakeCaseJson.Line);

    /// <summary>Stops the updates and ends the pages' event streams (the live mix has gone).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try { _ticker?.Wait(TimeSpan.FromSeconds(1)); } catch (AggregateException) { }
        _stop.Dispose();
        _feed.Complete();
    }
}

using System.Globalization;
using System.Text.Json.Serialization;

namespace AutoFoh.Realtime;

/// <summary>What an <see cref="EngineEvent"/> is about.</summary>
public enum EngineEventKind
{
    /// <summary>The feedback policy acted on a channel (a notch, a pull-down, their release).</summary>
    Feedback,
    /// <summary>Dugan gain sharing took over from the model (late past the late limit, threw, or gave a NaN).</summary>
    Fallback,
    /// <summary>The model's decisions are on time again after a late fallback: the model mixes again.</summary>
    Recovery,
}

/// <summary>
/// One thing the engine did that a person should hear about afterwards: when (engine time: the input's samples
/// over the rate), on which channel (0-based, as the engine counts; null for the whole engine), what (feedback: a
/// notch, a deeper notch, a pull-down, their release; a fallback and its reason) and at what frequency and depth.
/// Written on the worker (or by a reader turning the audio thread's counters into events), never by the audio thread.
/// </summary>
public sealed record EngineEvent(
    [property: JsonPropertyName("time_s")] double TimeSeconds,
    int? Channel,
    EngineEventKind Kind,
    double? FrequencyHz,
    string Action,
    double? DepthDb)
{
    /// <summary>Feedback actions: a notch placed, a notch made deeper, the channel's gain pulled down, a notch released, the gain restored.</summary>
    public const string Notch = "notch", Deepen = "deepen", PullDown = "pull_down", Release = "release", Restore = "restore";

    /// <summary>One line for a person (channels from 1): "12.345 s: feedback on channel 2 at 2700 Hz: pull_down −6 dB".</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        string where = Channel is { } c ? string.Create(culture, $" on channel {c + 1}") : "";
        string at = FrequencyHz is { } hz ? string.Create(culture, $" at {hz:0} Hz") : "";
        string depth = DepthDb is { } db ? string.Create(culture, $" {db:0.#} dB") : "";
        string what = Kind switch
        {
            EngineEventKind.Feedback => "feedback",
            EngineEventKind.Fallback => "fallback",
            _ => "model back",
        };
        return string.Create(culture, $"{TimeSeconds:0.000} s: {what}{where}{at}: {Action}{depth}");
    }
}

/// <summary>
/// The engine's events, oldest first, bounded (<see cref="Capacity"/>: the oldest go first, each kind's count keeps
/// them all), readable from any thread. Writers and readers take a lock; the audio thread never comes here.
/// A reader sees the audio thread's fallbacks too: before each read the log asks the engine (the collector it was
/// given) to turn the audio thread's transition counters into events.
/// </summary>
public sealed class EngineEventLog
{
    public const int DefaultCapacity = 10_000;
    private readonly Lock _lock = new();
    private readonly EngineEvent[] _events;   // a ring: the oldest at _first
    private int _first, _count;
    private readonly long[] _counts = new long[Enum.GetValues<EngineEventKind>().Length];
    private readonly Action<Action<EngineEvent>>? _collector;

    /// <param name="collector">Called under the log's lock before every read, with a way to add events (no other call to the log from it).</param>
    public EngineEventLog(int capacity = DefaultCapacity, Action<Action<EngineEvent>>? collector = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one event");
        Capacity = capacity;
        _events = new EngineEvent[capacity];
        _collector = collector;
    }

    public int Capacity { get; }

    public void Add(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        lock (_lock) Append(engineEvent);
    }

    /// <summary>Turns what the collector has into events now (a reader that only counts calls nothing else).</summary>
    public void Refresh()
    {
        lock (_lock) Collect();
    }

    /// <summary>How many events there have been, of every kind (those the bound dropped too).</summary>
    public long Total
    {
        get
        {
            lock (_lock)
            {
                Collect();
                return _counts.Sum();
            }
        }
    }

    /// <summary>Every event kept, oldest first.</summary>
    public IReadOnlyList<EngineEvent> Snapshot()
    {
        lock (_lock)
        {
            Collect();
            var all = new EngineEvent[_count];
            for (int i = 0; i < _count; i++) all[i] = _events[(_first + i) % Capacity];
            return all;
        }
    }

    /// <summary>The newest <paramref name="count"/> events (of <paramref name="kind"/>, or of every kind), newest first.</summary>
    public IReadOnlyList<EngineEvent> Latest(int count, EngineEventKind? kind = null)
    {
        lock (_lock)
        {
            Collect();
            var latest = new List<EngineEvent>(Math.Min(count, _count));
            for (int i = _count - 1; i >= 0 && latest.Count < count; i--)
            {
                var e = _events[(_first + i) % Capacity];
                if (kind is null || e.Kind == kind) latest.Add(e);
            }
            return latest;
        }
    }

    /// <summary>How many events of <paramref name="kind"/> there have been (those the bound dropped too).</summary>
    public long Count(EngineEventKind kind)
    {
        lock (_lock)
        {
            Collect();
            return _counts[(int)kind];
        }
    }

    private void Collect() => _collector?.Invoke(Append);

    private void Append(EngineEvent engineEvent)
    {
        _counts[(int)engineEvent.Kind]++;
        if (_count < Capacity) _events[(_first + _count++) % Capacity] = engineEvent;
        else
        {
            _events[_first] = engineEvent;   // over the oldest
            _first = (_first + 1) % Capacity;
        }
    }
}

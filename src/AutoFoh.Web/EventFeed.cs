using System.Threading.Channels;

namespace AutoFoh.Web;

/// <summary>
/// Messages fanned out to every viewer's event stream. Each viewer has a bounded queue that drops its
/// oldest message when the viewer is slow, so a phone on a bad network never holds the publisher up
/// (a capacity of 1 keeps only the latest: for a page that wants where something is, not where it was).
/// <see cref="Complete"/> ends every stream, and any that subscribes later after its first message.
/// Thread-safe.
/// </summary>
public sealed class EventFeed(int capacity = 256)
{
    private readonly object _gate = new();
    private readonly List<Channel<string>> _subscribers = [];
    private bool _completed;

    /// <summary>A reader of <paramref name="first"/>, then of every message from now on; dispose the lease to stop.</summary>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe(string first)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        channel.Writer.TryWrite(first);
        lock (_gate)
        {
            if (_completed) channel.Writer.TryComplete();
            else _subscribers.Add(channel);
        }
        return (channel.Reader, new Lease(() => { lock (_gate) _subscribers.Remove(channel); channel.Writer.TryComplete(); }));
    }

    public int Subscribers { get { lock (_gate) return _subscribers.Count; } }

    public void Publish(string message)
    {
        lock (_gate) foreach (var channel in _subscribers) channel.Writer.TryWrite(message);
    }

    /// <summary>Ends every viewer's stream once it has read what it was sent (the thing it follows has gone).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var channel in _subscribers) channel.Writer.TryComplete();
            _subscribers.Clear();
        }
    }
}

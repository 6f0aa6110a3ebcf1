using System.Threading.Channels;

namespace AutoFoh.Web;

/// <summary>
/// Messages fanned out to every viewer's event stream. Each viewer has a bounded queue that drops its
/// oldest message when the viewer is slow, so a phone on a bad network never holds the publisher up.
/// Thread-safe.
/// </summary>
public sealed class EventFeed(int capacity = 256)
{
    private readonly object _gate = new();
    private readonly List<Channel<string>> _subscribers = [];

    /// <summary>A reader of <paramref name="first"/>, then of every message from now on; dispose the lease to stop.</summary>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe(string first)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        channel.Writer.TryWrite(first);
        lock (_gate) _subscribers.Add(channel);
        return (channel.Reader, new Lease(() => { lock (_gate) _subscribers.Remove(channel); channel.Writer.TryComplete(); }));
    }

    public int Subscribers { get { lock (_gate) return _subscribers.Count; } }

    public void Publish(string message)
    {
        lock (_gate) foreach (var channel in _subscribers) channel.Writer.TryWrite(message);
    }

    private sealed class Lease(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

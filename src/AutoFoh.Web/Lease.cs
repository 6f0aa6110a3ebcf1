namespace AutoFoh.Web;

/// <summary>Runs its action once, on the first Dispose (an event-stream subscription ends this way).</summary>
internal sealed class Lease(Action dispose) : IDisposable
{
    private Action? _dispose = dispose;
    public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
}

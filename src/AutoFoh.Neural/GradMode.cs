namespace AutoFoh.Neural;

/// <summary>
/// Whether operations record the graph for backpropagation (per thread, like torch.no_grad).
/// <c>using (GradMode.Disable()) { ... }</c> runs inference without a tape.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    public static bool IsEnabled => !_disabled;

    public static IDisposable Disable()
    {
        bool previous = _disabled;
        _disabled = true;
        return new Restore(previous);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => _disabled = previous;
    }
}

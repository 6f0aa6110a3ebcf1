namespace AutoFoh.Testing;

/// <summary>
/// Bytes one call allocates once warm. The runtime's own tiered-compilation work (tier-up, on-stack
/// replacement) can land on the calling thread's counter while methods are being promoted (seen in busy
/// CI runs: a few KB), so the figure is the quietest of three rounds after a warm-up; an allocation made
/// by the code itself shows in every round.
/// </summary>
internal static class SteadyStateAllocations
{
    public static long PerRound(Action call, int warmupCalls = 100, int callsPerRound = 20)
    {
        for (int i = 0; i < warmupCalls; i++) call();
        long quietest = long.MaxValue;
        for (int round = 0; round < 3 && quietest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < callsPerRound; i++) call();
            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return quietest;
    }
}

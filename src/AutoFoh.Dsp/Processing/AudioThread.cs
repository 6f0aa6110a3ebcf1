using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// How the code the audio thread runs is compiled. Every method on that path (a backend's callback, the live
/// engine's <c>Process</c> and the stages it calls) carries <c>[MethodImpl(AudioThread.Optimized)]</c>: it is
/// compiled fully optimized at its first call and never again. Under tiered compilation it would start
/// unoptimized and be recompiled while the show runs, and on-stack replacement compiles on the calling thread,
/// for milliseconds: xruns at small periods (docs/benchmarks.md). That is not enough on its own: tier-up of any
/// other method suspends the whole runtime now and then, so the hosting process runs without tiering as well
/// (AutoFoh.Realtime's JitMode). Per-sample helpers are small enough to be inlined into such a method instead.
/// </summary>
public static class AudioThread
{
    /// <summary>The <see cref="MethodImplAttribute"/> option of every method the audio thread runs through.</summary>
    public const MethodImplOptions Optimized = MethodImplOptions.AggressiveOptimization;
}

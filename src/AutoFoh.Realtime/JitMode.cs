namespace AutoFoh.Realtime;

/// <summary>
/// Whether the process hosting an engine runs with tiered compilation. Tier-up removes its call-counting
/// stubs under a suspension of the whole runtime, and a JACK process callback that enters managed code during
/// one waits for it: at 128-frame periods that is an xrun (52 in a 10-minute soak with tiering, 3 without;
/// docs/benchmarks.md). The CLI and the real-time tests turn it off in their project files.
/// </summary>
public static class JitMode
{
    /// <summary>False when the runtime config or DOTNET_TieredCompilation / COMPlus_TieredCompilation turns tiering off.</summary>
    public static bool TieredCompilation
    {
        get
        {
            foreach (string name in new[] { "DOTNET_TieredCompilation", "COMPlus_TieredCompilation" })
                if (Environment.GetEnvironmentVariable(name) is { } value) return value.Trim() != "0";
            return AppContext.GetData("System.Runtime.TieredCompilation") is not string setting || !setting.Equals("false", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>One phrase for logs: how this process compiles the audio thread's code.</summary>
    public static string Describe() => TieredCompilation
        ? "tiered compilation on (its runtime suspensions can cost xruns at small periods; set DOTNET_TieredCompilation=0)"
        : "tiered compilation off";
}

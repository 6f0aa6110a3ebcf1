namespace AutoFoh.Bench;

/// <summary>Where the benchmarks find the repository (and its .cache): $AUTOFOH_ROOT, or the folder holding AutoFoh.slnx.</summary>
internal static class BenchData
{
    public static string Root => Environment.GetEnvironmentVariable("AUTOFOH_ROOT") ?? FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}

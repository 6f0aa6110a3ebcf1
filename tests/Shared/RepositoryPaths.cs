namespace AutoFoh.Testing;

/// <summary>Where the tests find the repository: $AUTOFOH_ROOT, or the folder above the test that holds AutoFoh.slnx.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Find();

    /// <summary>configs/style_targets.yaml of the repository.</summary>
    public static string StyleTargets => Path.Combine(Root, "configs", "style_targets.yaml");

    /// <summary>The real songs that scripts/install-deps.sh unpacks into the cache.</summary>
    public static string SongsRoot => Path.Combine(Root, ".cache", "songs", "usr", "share", "games", "fretsonfire", "data", "songs", "muldjord");

    private static string Find()
    {
        string? env = Environment.GetEnvironmentVariable("AUTOFOH_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "AutoFoh.slnx"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (AutoFoh.slnx above the tests, or AUTOFOH_ROOT)");
    }
}

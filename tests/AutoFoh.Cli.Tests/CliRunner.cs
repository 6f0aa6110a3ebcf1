using System.Diagnostics;

namespace AutoFoh.Cli.Tests;

/// <summary>The result of one `autofoh` run.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Runs the real `autofoh` executable as a user would (the repository's ./autofoh script builds it once;
/// the runs then call the built assembly directly so a test can control PATH).
/// </summary>
public static class CliRunner
{
    private static readonly Lazy<string> Assembly = new(Build);

    public static string RepositoryRoot => RepositoryPaths.Root;

    /// <summary>The built CLI (artifacts/cli/autofoh.dll, next to the assemblies it runs), built on first use.</summary>
    public static string AssemblyPath => Assembly.Value;

    public static string SongsRoot => RepositoryPaths.SongsRoot;

    public static CliRun Run(params string[] args) => Run(args, environment: null);

    public static CliRun Run(string[] args, IDictionary<string, string>? environment, TimeSpan? timeout = null)
    {
        using var process = StartProcess(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"autofoh {string.Join(' ', args)} did not finish");
        }
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts `autofoh` with its output redirected (the caller reads and stops it).</summary>
    public static Process StartProcess(params string[] args) => StartProcess(args, environment: null);

    public static Process StartProcess(string[] args, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Assembly.Value);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        return Process.Start(start)!;
    }

    private static string Build()
    {
        var start = new ProcessStartInfo("bash", ["-c", "./autofoh --help"])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"./autofoh --help failed: {stderr}");
        return Path.Combine(RepositoryRoot, "artifacts", "cli", "autofoh.dll");
    }
}

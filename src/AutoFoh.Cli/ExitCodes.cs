namespace AutoFoh.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad input: a file or value that cannot be used. The message names it.</summary>
    public const int BadInput = 1;
    /// <summary>The work was done, but what it measured misses its targets (mix --validate, validate).</summary>
    public const int OutOfTolerance = 2;
    /// <summary>Something failed that is not the user's input (a bug, a missing tool).</summary>
    public const int Failure = 3;
}

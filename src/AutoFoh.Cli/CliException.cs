namespace AutoFoh.Cli;

/// <summary>A problem with what the user asked for: printed as one line, no stack trace.</summary>
public sealed class CliException(string message) : Exception(message);

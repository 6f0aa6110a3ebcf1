using System.CommandLine;
using AutoFoh.Audio;
using AutoFoh.Cli.Commands;

namespace AutoFoh.Cli;

/// <summary>
/// The `autofoh` command line. Every command reports bad input as one line on stderr naming the file
/// or value, returns a non-zero exit code, and shows a stack trace only with --verbose.
/// </summary>
public static class CliApp
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces and diagnostic detail on errors",
        Recursive = true,
    };

    public static int Run(string[] args)
    {
        var root = new RootCommand("AutoFOH: an automatic front-of-house engineer for bands that have none.")
        {
            Verbose,
            AnalyzeCommand.Create(),
            DemoCommand.Create(),
            ReferenceCommand.Create(),
            SoundcheckCommand.Create(),
            GymCommand.Create(),
            SongsCommand.Create(),
            SimulateCommand.Create(),
            SeparationCommand.Create(),
            ServeCommand.Create(),
            LiveMixCommand.Create(),
            LiveCommand.Create(),
            FeedbackCommand.Create(),
            MixCommand.Create(),
            MixCommand.CreateValidate(),
            MasterCommand.Create(),
        };
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception error)
        {
            return ReportError(error, verbose);
        }
    }

    /// <summary>Prints one line for <paramref name="error"/> (the whole trace with --verbose) and picks the exit code.</summary>
    public static int ReportError(Exception error, bool verbose)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerExceptions[0];
        bool badInput = error is AudioFormatException or CliException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or ArgumentException or FormatException or InvalidDataException or Soundcheck.LineCheck.LineCheckException
            or Neural.CheckpointException
            || (error is InvalidOperationException && error.Message.Contains("demucs", StringComparison.Ordinal));
        // A training run that diverged is a failure, not bad input, but its message says all there is to say.
        bool plain = badInput || error is Neural.TrainingDivergedException;
        string message = error.Message.ReplaceLineEndings(" ").Trim();
        Console.Error.WriteLine(plain ? $"error: {message}" : $"error: {error.GetType().Name}: {message}");
        if (verbose) Console.Error.WriteLine(error.ToString());
        return badInput ? ExitCodes.BadInput : ExitCodes.Failure;
    }
}

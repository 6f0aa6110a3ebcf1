using Spectre.Console;

namespace AutoFoh.Cli.Output;

/// <summary>Progress bars and status go to stderr, so stdout carries only results (and JSON stays clean).</summary>
public static class StderrConsole
{
    public static readonly IAnsiConsole Instance = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr (plain when stderr is not a terminal).</summary>
    public static T WithProgress<T>(string description, Func<IProgress<double>, T> work)
    {
        T result = default!;
        Instance.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: 1.0);
                result = work(new Progress<double>(v => task.Value = v));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>As <see cref="WithProgress{T}"/>, with a status line (e.g. the step and loss) the work updates beside the bar.</summary>
    public static T WithStatusProgress<T>(string description, Func<Action<double, string>, T> work)
    {
        T result = default!;
        bool terminal = !Console.IsErrorRedirected;
        int lastPercent = -1;
        Instance.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(description, maxValue: 1.0);
                result = work((fraction, status) =>
                {
                    // Without a terminal each change is a line: the status changes once a percent there.
                    int percent = (int)(fraction * 100);
                    if (terminal || percent != lastPercent) task.Description = $"{description}: {status}";
                    lastPercent = percent;
                    task.Value = fraction;
                });
                task.Value = 1.0;
            });
        return result;
    }
}

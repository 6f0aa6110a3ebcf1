using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using AutoFoh.Audio;
using AutoFoh.Audio.Serialization;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Web;

/// <summary>A mix cannot start because one is running (HTTP 409).</summary>
public sealed class MixJobBusyException(string message) : InvalidOperationException(message);

/// <summary>
/// The mix page's job: stems uploaded into a temp folder of their own, mixed and mastered by
/// <see cref="MixService"/> on a background thread, the mix, PARAMS.json and a REAPER project written beside them.
/// One job at a time: a job that is running refuses a second (<see cref="MixJobBusyException"/>); a finished one is
/// replaced by the next, and its folder removed, once the next is known to be good. Disposing (the server stopping)
/// removes every folder. Its state goes to every subscribed page as JSON (the latest only: a page wants where the
/// job is, not where it was). Thread-safe.
/// </summary>
public sealed class MixJob : IDisposable
{
    public const string MixFile = "mix.wav", ParameterFileName = "PARAMS.json", ReaperFile = "mix.RPP";
    public static readonly string[] Files = [MixFile, ParameterFileName, ReaperFile];
    private const string FolderPrefix = "autofoh-mix-";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly EventFeed _feed = new(capacity: 1);
    private readonly HashSet<string> _folders = [];
    private readonly string _tempRoot;
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private bool _disposed;

    // The current job (all under _gate).
    private string _id = "";
    private string? _folder;
    private MixJobState _state = MixJobState.Idle;
    private string _stage = "", _styleName = "";
    private double _fraction;
    private string? _error;
    private List<string> _stemNames = [];
    private MixOutcome? _outcome;
    private double _seconds;

    public MixJob(string predictorPath, StyleTargets styles, string? tempRoot = null)
    {
        PredictorPath = predictorPath;
        Styles = styles;
        _tempRoot = tempRoot ?? Path.GetTempPath();
        RemoveFoldersOfStoppedServers();
    }

    public string PredictorPath { get; }
    public StyleTargets Styles { get; }
    public bool PredictorReady => File.Exists(PredictorPath);
    public bool IsRunning { get { lock (_gate) return _state == MixJobState.Running; } }

    /// <summary>A new, empty folder for a job's uploads (removed with the job, or on <see cref="Discard"/>, or on Dispose).</summary>
    public string NewFolder()
    {
        string folder = Path.Combine(_tempRoot, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _folders.Add(folder);
        }
        return folder;
    }

    /// <summary>Removes a folder from <see cref="NewFolder"/> that never became a job (its upload was refused).</summary>
    public void Discard(string folder)
    {
        lock (_gate) _folders.Remove(folder);
        TryDelete(folder);
    }

    /// <summary>
    /// Checks the stems and the style, then starts mixing in the background and returns the job's state. Bad input
    /// throws before anything starts, in one line with the upload folder left out: an unknown style, too many stems,
    /// two of one name (<see cref="ArgumentException"/>), a file that is not audio (<see cref="AudioFormatException"/>);
    /// a missing predictor throws <see cref="FileNotFoundException"/>, a running job <see cref="MixJobBusyException"/>.
    /// </summary>
    public string Start(string folder, IReadOnlyList<string> stemPaths, string styleName)
    {
        if (IsRunning) throw Busy();
        StyleTarget style;
        MixStems stems;
        try
        {
            style = Styles[styleName];
            stems = MixStems.Open(stemPaths);
        }
        catch (Exception e) when (e is ArgumentException or AudioFormatException)
        {
            throw e is AudioFormatException format
                ? new AudioFormatException(Path.GetFileName(format.Path), Hide(format.Problem, folder))
                : new ArgumentException(Hide(e.Message, folder));
        }
        if (!PredictorReady) throw new FileNotFoundException($"{PredictorPath}: mix predictor not found (it ships in models/; see models/README.md)", PredictorPath);
        string? previous;
        string id = Guid.NewGuid().ToString("N")[..12];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == MixJobState.Running) throw Busy();
            previous = _folder;
            _id = id;
            _folder = folder;
            _state = MixJobState.Running;
            _stage = "starting";
            _fraction = 0;
            _error = null;
            _outcome = null;
            _styleName = style.Name;
            _stemNames = stems.Names.ToList();
            _seconds = 0;
            if (previous is not null) _folders.Remove(previous);
        }
        if (previous is not null) TryDelete(previous);
        Publish();
        var paths = stemPaths.ToList();
        _ = Task.Run(() => Run(id, folder, paths, style));
        return Status();
    }

    public MixJobBusyException Busy() { lock (_gate) return new($"a mix is running ({_styleName}, {_stemNames.Count} stems): one at a time, wait until it is done"); }

    private void Run(string id, string folder, IReadOnlyList<string> stems, StyleTarget style)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var export = new MixExport(Path.Combine(folder, ParameterFileName), Path.Combine(folder, ReaperFile), ByFileName: true);
            var outcome = MixService.Run(new MixRequest(stems, style, Path.Combine(folder, MixFile), PredictorPath), export, (stage, fraction) => Progress(id, stage, fraction));
            lock (_gate)
            {
                if (_id != id || _disposed) return;
                _outcome = outcome with { Warnings = outcome.Warnings.Select(w => Hide(w, folder)).ToList() };
                _state = MixJobState.Done;
                _stage = "done";
                _fraction = 1;
                _seconds = clock.Elapsed.TotalSeconds;
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                if (_id != id || _disposed) return;
                _state = MixJobState.Error;
                _error = Hide(e.Message, folder).ReplaceLineEndings(" ");
                _seconds = clock.Elapsed.TotalSeconds;
            }
        }
        Publish();
    }

    private void Progress(string id, string stage, double fraction)
    {
        lock (_gate)
        {
            if (_id != id || _state != MixJobState.Running) return;
            bool changed = stage != _stage;
            _stage = stage;
            _fraction = Math.Clamp(fraction, 0, 1);
            if (!changed && _sinceProgress.Elapsed < ProgressInterval) return;
            _sinceProgress.Restart();
        }
        Publish();
    }

    /// <summary>The file <paramref name="name"/> (one of <see cref="Files"/>) of job <paramref name="id"/> when that job is the current one and done; else null.</summary>
    public string? FilePath(string id, string name)
    {
        lock (_gate)
        {
            if (id != _id || _state != MixJobState.Done || _folder is null || !Files.Contains(name)) return null;
            return Path.Combine(_folder, name);
        }
    }

    /// <summary>
    /// Where the job stands: <see cref="MixJobState"/>, <c>stage</c> and <c>fraction</c> while it runs, and when done
    /// each figure of the written file against the style (measured, target, the tolerance's band, ok), the warnings
    /// and the files' addresses.
    /// </summary>
    public MixStatusMessage StatusMessage()
    {
        lock (_gate)
        {
            var status = new MixStatusMessage(_id, _state, _stage, Math.Round(_fraction, 3), _styleName, [.. _stemNames], _error, Math.Round(_seconds, 2));
            if (_outcome is not { } outcome) return status;
            return status with
            {
                WithinTolerance = outcome.WithinTolerance,
                SolverPasses = outcome.Solver.Passes.Count,
                DurationS = Math.Round(outcome.Parameters.Stems.Max(s => s.DurationSeconds), 3),
                Figures = outcome.Compliance.Select(MixFigure.From).ToList(),
                Warnings = [.. outcome.Warnings],
                Files = new MixFiles($"/api/mix/{_id}/{MixFile}", $"/api/mix/{_id}/{ParameterFileName}", $"/api/mix/{_id}/{ReaperFile}"),
            };
        }
    }

    /// <summary><see cref="StatusMessage"/> as JSON (non-finite numbers are null).</summary>
    public string Status() => JsonSerializer.Serialize(StatusMessage(), SnakeCaseJson.Line);

    /// <summary>The styles of the targets file with their figures and tolerances, for the page's picker.</summary>
    public MixStylesMessage StylesInfo(long maxUploadBytes) =>
        new(Styles.Path, PredictorPath, PredictorReady, MixStems.MaxStems, maxUploadBytes, Styles.All.Select(MixStyle.From).ToList());

    /// <summary><see cref="StylesInfo"/> as JSON.</summary>
    public string StylesMessage(long maxUploadBytes) => JsonSerializer.Serialize(StylesInfo(maxUploadBytes), SnakeCaseJson.Line);

    /// <summary>A reader of the job's state from now on, starting with the current one; dispose the lease to stop.</summary>
    /// <remarks>Under the job's lock, so no state published between the first message and the subscription is lost.</remarks>
    public (ChannelReader<string> Reader, IDisposable Lease) Subscribe() { lock (_gate) return _feed.Subscribe(Status()); }

    private void Publish() { lock (_gate) _feed.Publish(Status()); }

    /// <summary>Removes every job's folder and ends the pages' event streams; a mix still running fails quietly (its folder is gone).</summary>
    public void Dispose()
    {
        string[] folders;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            folders = [.. _folders];
            _folders.Clear();
            _feed.Complete();
        }
        foreach (var folder in folders) TryDelete(folder);
    }

    /// <summary>Folders left by a server that was killed (it could not remove them): its process id is gone.</summary>
    private void RemoveFoldersOfStoppedServers()
    {
        if (!Directory.Exists(_tempRoot)) return;
        foreach (var folder in Directory.EnumerateDirectories(_tempRoot, FolderPrefix + "*"))
        {
            string rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            int dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], out int pid) || pid == Environment.ProcessId || IsRunningProcess(pid)) continue;
            TryDelete(folder);
        }
    }

    private static bool IsRunningProcess(int pid)
    {
        try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Messages name the uploaded files as the person named them, not by the server's temp folder.</summary>
    private static string Hide(string message, string folder)
    {
        string stems = Path.Combine(folder, "stems");
        return message.Replace(stems + Path.DirectorySeparatorChar, "").Replace(folder + Path.DirectorySeparatorChar, "").Replace(folder, "the upload");
    }
}

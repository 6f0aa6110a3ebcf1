using System.Diagnostics;
using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;

namespace AutoFoh.Testing.Jack;

/// <summary>
/// A JACK server with the dummy driver (no sound card: Debian's jackd2, <c>jackd -d dummy</c>), started and
/// stopped by its owner: the end-to-end tests and the JACK soak. Keeps jackd's log, where the server
/// reports each xrun it sees (the driver waking too late, or a client not finished by the next cycle).
/// </summary>
public sealed class JackDummyServer : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly List<string> _errors = [];

    /// <param name="realtime">
    /// jackd's realtime scheduling (<c>-R</c>, its default on a stage) instead of <c>--no-realtime</c>: the
    /// driver's and every client's process thread run SCHED_FIFO, so a busy machine cannot make them late.
    /// </param>
    /// <param name="serverOptions">More of jackd's own options, before the driver's (e.g. <c>-S</c> for synchronous mode).</param>
    public JackDummyServer(string name, int periodFrames = 128, int sampleRateHz = 48000, bool realtime = false, IReadOnlyList<string>? serverOptions = null)
    {
        Name = name;
        PeriodFrames = periodFrames;
        Realtime = realtime;
        string[] arguments = [realtime ? "-R" : "--no-realtime", .. serverOptions ?? [], "-n", name, "-d", "dummy", "-r", sampleRateHz.ToString(), "-p", periodFrames.ToString()];
        Command = $"jackd {string.Join(' ', arguments)}";
        try
        {
            _process = Process.Start(new ProcessStartInfo("jackd", arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            }) ?? throw new JackException("jackd did not start");
        }
        catch (System.ComponentModel.Win32Exception) { throw new JackException("jackd is not installed (Debian: apt-get install jackd2)"); }
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => { Remember(e.Data); if (!string.IsNullOrEmpty(e.Data)) lock (_log) _errors.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Ready when a client can connect.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try { using var probe = JackClient.Open("probe", [], [], new Silence(), name); return; }
            catch (JackException) when (clock.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited) { Thread.Sleep(100); }
            catch (JackException)
            {
                Dispose();
                // jackd says what went wrong on stderr; its banner goes to stdout.
                string why;
                lock (_log) why = string.Join(" / ", (_errors.Count > 0 ? _errors : _log).TakeLast(2));
                if (Log.Any(line => line.Contains("Too many servers", StringComparison.Ordinal)))
                    why += "; the machine's JACK registry is full of servers that were killed: with no jackd running, scripts/jack-clear-stale.sh clears it";
                throw new JackException($"{Command}: the server did not come up ({why})");
            }
        }
    }

    public string Name { get; }
    public int PeriodFrames { get; }
    public bool Realtime { get; }
    /// <summary>The command line that started the server.</summary>
    public string Command { get; }

    /// <summary>What jackd has printed so far.</summary>
    public IReadOnlyList<string> Log { get { lock (_log) return _log.ToList(); } }

    /// <summary>Log lines where the driver woke too late for its next cycle ("JackTimedDriver::Process XRun").</summary>
    public int DriverXruns => CountLines("JackTimedDriver::Process XRun");
    /// <summary>Log lines where a client had not finished by the next cycle ("JackEngine::XRun: client = ... was not finished").</summary>
    public int ClientXruns => CountLines("JackEngine::XRun");

    /// <summary>Per client, how often jackd found it not finished by the next cycle.</summary>
    public IReadOnlyDictionary<string, int> UnfinishedClients
    {
        get
        {
            const string marker = "JackEngine::XRun: client = ";
            lock (_log)
                return _log.Where(line => line.Contains(marker, StringComparison.Ordinal))
                    .Select(line => line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0])
                    .GroupBy(client => client).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    private int CountLines(string text)
    {
        lock (_log) return _log.Count(line => line.Contains(text, StringComparison.Ordinal));
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
    }

    /// <summary>Stops the server (SIGTERM, as a user closing it would), waiting for it to go.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _ = Libc.kill(_process.Id, 15);
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        _process.WaitForExit();   // and its last lines read into the log
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private sealed class Silence : IJackProcessor
    {
        public void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs) { }
    }
}

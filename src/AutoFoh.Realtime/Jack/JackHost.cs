using AutoFoh.LiveMix;

namespace AutoFoh.Realtime.Jack;

/// <summary>How <see cref="JackHost.Start"/> puts the engine on a JACK server.</summary>
public sealed record JackHostOptions
{
    /// <summary>Input channels: one input port each (in_1, in_2, ...).</summary>
    public required int Inputs { get; init; }
    public SafetySettings Safety { get; init; } = new();
    /// <summary>Connect the inputs, in order, to the output ports matching this regular expression; null: none.</summary>
    public string? Connect { get; init; }
    /// <summary>Connect the mix to the input ports matching this regular expression; null: the physical playback ports.</summary>
    public string? Playback { get; init; }
    /// <summary>The server's name; null: JACK_DEFAULT_SERVER or 'default'.</summary>
    public string? Server { get; init; }
}

/// <summary>How a <see cref="JackHost.Run"/> ended.</summary>
public enum JackRunEnd { Stopped, ServerGone }

/// <summary>
/// The live engine on a running JACK server: a client with an input port per channel and a stereo output
/// (out_L, out_R), connected as asked, the engine in its process callback (<see cref="EngineJackProcessor"/>),
/// run until stopped or until the server goes away. The engine takes the server's rate and block, which a
/// probe client asks for first.
/// </summary>
public sealed class JackHost : IDisposable
{
    private JackHost(LiveEngine engine, JackClient client)
    {
        Engine = engine;
        Client = client;
    }

    public LiveEngine Engine { get; }
    public JackClient Client { get; }
    public int SampleRateHz => Client.SampleRateHz;
    public int BufferFrames => Client.BufferFrames;

    /// <summary>The input ports' short names (in_1, ...), one per channel.</summary>
    public IReadOnlyList<string> ChannelNames => Client.InputPorts.Select(p => p[(p.IndexOf(':') + 1)..]).ToList();

    /// <summary>Opens the client, starts the engine with <paramref name="mixer"/>, activates and connects.</summary>
    /// <exception cref="JackException">No server, a port that cannot be registered, nothing matching --connect, ...</exception>
    public static JackHost Start(JackHostOptions options, Func<ILiveMixer> mixer)
    {
        if (options.Inputs is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(options), options.Inputs, "1..256 inputs");
        int rate, block;
        using (var probe = JackClient.Open("autofoh-probe", [], [], new Idle(), options.Server)) { rate = probe.SampleRateHz; block = probe.BufferFrames; }
        var engine = new LiveEngine(new EngineSettings { SampleRateHz = rate, Channels = options.Inputs, Outputs = 2, MaxBlock = Math.Max(block, 1024), Safety = options.Safety }, mixer);
        JackClient? client = null;
        try
        {
            engine.Start();
            client = JackClient.Open("autofoh", Enumerable.Range(1, options.Inputs).Select(c => $"in_{c}").ToList(), ["out_L", "out_R"], new EngineJackProcessor(engine), options.Server);
            client.Activate();
            if (options.Connect is { } connect)
            {
                var sources = client.FindPorts(connect, outputs: true).Where(p => !p.StartsWith(client.Name + ":", StringComparison.Ordinal)).ToList();
                if (sources.Count == 0) throw new JackException($"--connect '{connect}': no output ports match");
                for (int c = 0; c < Math.Min(options.Inputs, sources.Count); c++) client.Connect(sources[c], client.InputPorts[c]);
            }
            var sinks = client.FindPorts(options.Playback ?? "system:playback_.*", outputs: false);
            for (int o = 0; o < Math.Min(2, sinks.Count); o++) client.Connect(client.OutputPorts[o], sinks[o]);
        }
        catch
        {
            client?.Dispose();
            engine.Dispose();
            throw;
        }
        return new JackHost(engine, client);
    }

    /// <summary>How the audio thread and the model's worker are scheduled, once both have run (at most a second's wait).</summary>
    public string Scheduling()
    {
        for (int wait = 0; wait < 50 && (Client.Cycles == 0 || Engine.Status.WorkerScheduling.Length == 0); wait++) Thread.Sleep(20);
        return $"audio thread {Client.Scheduling}; model worker {Engine.Status.WorkerScheduling}; {JitMode.Describe()}";
    }

    /// <summary>
    /// Runs until <paramref name="stop"/>, <paramref name="seconds"/> (null: no limit) or the server going away;
    /// <paramref name="say"/> hears each new engine event (feedback actions, fallbacks), one line each.
    /// </summary>
    public JackRunEnd Run(double? seconds, Action<string> say, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long told = 0;
        while (!stop.IsCancellationRequested && (seconds is null || clock.Elapsed.TotalSeconds < seconds))
        {
            if (Client.ServerGone) return JackRunEnd.ServerGone;
            long total = Engine.Events.Total;
            if (total > told)
            {
                var fresh = Engine.Events.Latest((int)Math.Min(total - told, 20));
                if (total - told > fresh.Count) say($"{total - told - fresh.Count} more events (the summary has them)");
                foreach (var e in fresh.Reverse()) say(e.Describe());
                told = total;
            }
            Thread.Sleep(200);
        }
        return JackRunEnd.Stopped;
    }

    /// <summary>One line on the run: cycles, xruns, late blocks, feedback pull-downs (the events are in <see cref="LiveEngine.Events"/>).</summary>
    public string Summary => $"{Client.Cycles} cycles, {Client.Xruns} xruns, {Engine.Status.LateBlocks} late blocks, {Engine.Status.FeedbackEvents} feedback pull-downs";

    public void Dispose()
    {
        Client.Dispose();
        Engine.Dispose();
    }

    private sealed class Idle : IJackProcessor
    {
        public void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs) { }
    }
}

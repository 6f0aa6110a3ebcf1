using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Realtime.Jack;

/// <summary>
/// What a JACK client does in the real-time callback: read its input ports, write its output ports, for
/// <c>frames</c> frames. Runs on JACK's thread: must not allocate, lock, log or throw. Mark it (and what it
/// calls) <c>[MethodImpl(AudioThread.Optimized)]</c> (<see cref="AudioThread"/> says why).
/// </summary>
public interface IJackProcessor
{
    void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs);
}

/// <summary>
/// A JACK client through P/Invoke to libjack.so.0: named input and output ports, a process callback that
/// hands raw port buffers to an <see cref="IJackProcessor"/>, xruns counted, and the server going away
/// noticed (<see cref="ServerGone"/>) instead of crashing. Ports connect by name or regular expression.
/// </summary>
public sealed unsafe class JackClient : IDisposable
{
    private IntPtr _client;
    private readonly IntPtr[] _inputs, _outputs, _inputBuffers, _outputBuffers;
    private readonly IJackProcessor _processor;
    private GCHandle _self;
    private long _xruns, _cycles;
    private volatile bool _gone, _failed;
    private volatile int _policy = -1;
    private int _priority;

    private JackClient(IntPtr client, IJackProcessor processor, IntPtr[] inputs, IntPtr[] outputs)
    {
        _client = client;
        _processor = processor;
        _inputs = inputs;
        _outputs = outputs;
        _inputBuffers = new IntPtr[inputs.Length];
        _outputBuffers = new IntPtr[outputs.Length];
        Name = JackNative.String(JackNative.jack_get_client_name(client)) ?? "";
        SampleRateHz = (int)JackNative.jack_get_sample_rate(client);
        BufferFrames = (int)JackNative.jack_get_buffer_size(client);
    }

    public string Name { get; }
    public int SampleRateHz { get; }
    public int BufferFrames { get; }
    /// <summary>The server was asked to schedule its clients' process threads realtime (jackd -R, its default).</summary>
    public bool ServerRealtime => JackNative.jack_is_realtime(_client) != 0;
    /// <summary>
    /// The process thread runs SCHED_FIFO/SCHED_RR, as seen from the thread itself in its first cycle (null
    /// before). Without it a busy machine delays the audio thread past small periods' deadlines
    /// (docs/benchmarks.md: hundreds of xruns in 20 s at 128 frames while others build).
    /// </summary>
    public bool? ProcessThreadRealtime => _policy < 0 ? null : _policy is Libc.SchedFifo or Libc.SchedRr;
    /// <summary>One line on how the audio thread is scheduled, for the log.</summary>
    public string Scheduling => ProcessThreadRealtime switch
    {
        null => "unknown (the client has not run a cycle yet)",
        true => $"realtime ({(_policy == Libc.SchedFifo ? "SCHED_FIFO" : "SCHED_RR")} priority {_priority})",
        false when ServerRealtime => "not realtime: the JACK server asked for realtime scheduling but the system refused it (run as a user with an rtprio limit, e.g. the audio group's /etc/security/limits.d/audio.conf); expect xruns at small periods on a busy machine",
        false => "not realtime: the JACK server runs without realtime scheduling (jackd --no-realtime); expect xruns at small periods on a busy machine; start jackd with -R",
    };
    public long Xruns => Interlocked.Read(ref _xruns);
    public long Cycles => Interlocked.Read(ref _cycles);
    /// <summary>The server shut down or threw the client out; nothing is processed any more.</summary>
    public bool ServerGone => _gone;
    /// <summary>The processor threw in the callback (a bug): its output was replaced by silence.</summary>
    public bool ProcessorFailed => _failed;
    public IReadOnlyList<string> InputPorts => _inputs.Select(p => JackNative.String(JackNative.jack_port_name(p))!).ToList();
    public IReadOnlyList<string> OutputPorts => _outputs.Select(p => JackNative.String(JackNative.jack_port_name(p))!).ToList();

    /// <summary>
    /// Opens a client on a running server (never starts one), <paramref name="serverName"/> or the default
    /// (JACK_DEFAULT_SERVER), with the named ports; the processor does not run until <see cref="Activate"/>.
    /// </summary>
    public static JackClient Open(string name, IReadOnlyList<string> inputPorts, IReadOnlyList<string> outputPorts, IJackProcessor processor, string? serverName = null)
    {
        IntPtr client;
        int status;
        try
        {
            if (serverName is not null) Libc.setenv("JACK_DEFAULT_SERVER", serverName, 1);
            // libjack writes its own complaints to stderr; keep the last one for our single line instead.
            JackNative.jack_set_error_function(&OnMessage);
            JackNative.jack_set_info_function(&OnMessage);
            client = JackNative.jack_client_open(name, JackNative.NoStartServer, out status);
        }
        catch (DllNotFoundException) { throw new JackException("libjack.so.0 is not installed (Debian: apt-get install jackd2)"); }
        if (client == IntPtr.Zero) throw new JackException($"no JACK server{(serverName is null ? "" : $" named '{serverName}'")} is running (status 0x{status:x}); start one, e.g. jackd -d alsa, or jackd --no-realtime -d dummy");
        var inputs = new IntPtr[inputPorts.Count];
        var outputs = new IntPtr[outputPorts.Count];
        for (int i = 0; i < inputs.Length; i++)
            if ((inputs[i] = JackNative.jack_port_register(client, inputPorts[i], JackNative.AudioType, JackNative.PortIsInput, 0)) == IntPtr.Zero)
            { _ = JackNative.jack_client_close(client); throw new JackException($"could not register input port '{inputPorts[i]}'"); }
        for (int i = 0; i < outputs.Length; i++)
            if ((outputs[i] = JackNative.jack_port_register(client, outputPorts[i], JackNative.AudioType, JackNative.PortIsOutput, 0)) == IntPtr.Zero)
            { _ = JackNative.jack_client_close(client); throw new JackException($"could not register output port '{outputPorts[i]}'"); }
        var result = new JackClient(client, processor, inputs, outputs);
        result._self = GCHandle.Alloc(result);
        IntPtr arg = GCHandle.ToIntPtr(result._self);
        _ = JackNative.jack_set_process_callback(client, &OnProcess, arg);
        _ = JackNative.jack_set_xrun_callback(client, &OnXrun, arg);
        JackNative.jack_on_shutdown(client, &OnShutdown, arg);
        return result;
    }

    public void Activate()
    {
        if (JackNative.jack_activate(_client) != 0) throw new JackException($"{Name}: the JACK server refused to activate the client");
    }

    /// <summary>Connects <paramref name="source"/> to <paramref name="destination"/> (full port names).</summary>
    public void Connect(string source, string destination)
    {
        int error = JackNative.jack_connect(_client, source, destination);
        if (error != 0 && error != 17 /* EEXIST: already connected */) throw new JackException($"could not connect {source} to {destination} (error {error})");
    }

    /// <summary>Port names on the server matching a regular expression, outputs or inputs.</summary>
    public List<string> FindPorts(string pattern, bool outputs) => JackNative.Ports(_client, pattern, outputs ? JackNative.PortIsOutput : JackNative.PortIsInput);

    [MethodImpl(AudioThread.Optimized)]
    [UnmanagedCallersOnly]
    private static int OnProcess(uint frames, IntPtr arg)
    {
        var self = (JackClient)GCHandle.FromIntPtr(arg).Target!;
        if (self._policy < 0)
        {
            // Once, on the process thread itself: how the server scheduled it (two syscalls, no lock, no allocation).
            int priority;
            _ = Libc.sched_getparam(0, &priority);
            self._priority = priority;
            self._policy = Libc.sched_getscheduler(0);
        }
        for (int i = 0; i < self._inputs.Length; i++) self._inputBuffers[i] = JackNative.jack_port_get_buffer(self._inputs[i], frames);
        for (int i = 0; i < self._outputs.Length; i++) self._outputBuffers[i] = JackNative.jack_port_get_buffer(self._outputs[i], frames);
        // An exception must not unwind into libjack (it would take the process down): silence, and say so.
        try { self._processor.Process((int)frames, self._inputBuffers, self._outputBuffers); }
        catch (Exception)
        {
            self._failed = true;
            foreach (var buffer in self._outputBuffers) new Span<float>((float*)buffer, (int)frames).Clear();
        }
        Interlocked.Increment(ref self._cycles);
        return 0;
    }

    private static volatile string s_lastMessage = "";

    /// <summary>libjack's last error or info message.</summary>
    public static string LastLibraryMessage => s_lastMessage;

    [UnmanagedCallersOnly]
    private static void OnMessage(IntPtr message) => s_lastMessage = JackNative.String(message) ?? "";

    [UnmanagedCallersOnly]
    private static int OnXrun(IntPtr arg)
    {
        var self = (JackClient)GCHandle.FromIntPtr(arg).Target!;
        Interlocked.Increment(ref self._xruns);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnShutdown(IntPtr arg)
    {
        var self = (JackClient)GCHandle.FromIntPtr(arg).Target!;
        self._gone = true;
    }

    public void Dispose()
    {
        if (_client == IntPtr.Zero) return;
        if (!_gone)
        {
            _ = JackNative.jack_deactivate(_client);
            _ = JackNative.jack_client_close(_client);
        }
        _client = IntPtr.Zero;
        if (_self.IsAllocated) _self.Free();
    }
}

public sealed class JackException(string message) : Exception(message);

/// <summary>The engine on JACK: input ports → <see cref="LiveEngine"/> → one or two output ports.</summary>
public sealed unsafe class EngineJackProcessor(LiveEngine engine) : IJackProcessor
{
    [MethodImpl(AudioThread.Optimized)]
    public void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs)
    {
        int max = engine.Settings.MaxBlock;
        for (int offset = 0; offset < frames; offset += max)
        {
            int count = Math.Min(max, frames - offset);
            for (int c = 0; c < inputs.Length; c++) new ReadOnlySpan<float>((float*)inputs[c] + offset, count).CopyTo(engine.Input(c));
            var left = new Span<float>((float*)outputs[0] + offset, count);
            var right = outputs.Length > 1 ? new Span<float>((float*)outputs[1] + offset, count) : Span<float>.Empty;
            engine.Process(count, left, right);
        }
    }
}

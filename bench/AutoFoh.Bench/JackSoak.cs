using AutoFoh.Testing.Jack;
using System.Diagnostics;
using System.Globalization;
using AutoFoh.LiveMix;
using AutoFoh.Lab.LiveMix;
using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;

namespace AutoFoh.Bench;

/// <summary>
/// Soak of the engine on a real JACK server (the target: "10 minutes on the JACK dummy server with zero
/// xruns"): this starts jackd with the dummy driver, a player client looping a multitrack (a minute of
/// plucked tones and noise per channel) into the engine's client (the library's <see cref="LiveEngine"/>
/// behind <see cref="EngineJackProcessor"/>, as `autofoh live` runs it), and a recorder client checking
/// the mix, then runs in real time for N minutes. Reports per minute: xruns as the engine's client saw
/// them (its xrun callback) and as jackd logged them (driver late / a client not finished), the engine's
/// late blocks and fallback, the gains applied, the mix's peak and non-finite samples, memory and GCs.
/// Exit code 0 only with zero xruns and a finite mix. Run:
/// DOTNET_TieredCompilation=0 dotnet run -c Release --project bench/AutoFoh.Bench -- jack-soak --minutes 10 --channels 16 --period 128 [--realtime] [--mixer dugan]
/// (tiering off, as `autofoh live` runs: see <see cref="JitMode"/>; the header says which.)
/// </summary>
public static class JackSoak
{
    public static int Run(string[] args)
    {
        double minutes = 10;
        int channels = 16, period = 128;
        string mixer = "dugan";
        bool realtime = false;
        var serverOptions = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"jack-soak: {args[i]} needs a value");
            switch (args[i])
            {
                case "--minutes": minutes = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--channels": channels = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--period": period = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--mixer": mixer = Value(); break;
                case "--realtime": realtime = true; break;
                case "--server-option": serverOptions.Add(Value()); break;
                default: Console.Error.WriteLine($"jack-soak: unknown option {args[i]}"); return 2;
            }
        }
        const int rate = 48000;
        var source = SoakAudio.PluckedTones(channels, rate);
        var cache = new MixerRegistry(Path.Combine(BenchData.Root, "models"));
        var folder = new LiveMix.Data.LiveFolder("", [], [], [], rate, null, null);
        using var server = new JackDummyServer($"autofoh-soak-{Environment.ProcessId}", period, rate, realtime, serverOptions);
        using var engine = new LiveEngine(new EngineSettings { SampleRateHz = rate, Channels = channels, Outputs = 2, MaxBlock = period },
            () => LiveEvaluation.Create(cache, mixer, folder));
        engine.Start();
        var player = new MultitrackPlayer(source, () => engine.Position, loop: true);
        var recorder = new PortRecorder(0, () => engine.Position);
        using var rig = PlaybackRig.Open(server.Name, engine, channels, outputs: 2, player, recorder);
        var mix = rig.Engine;

        Console.WriteLine($"jack soak: {minutes} min, {channels} channels at {rate} Hz, {period}-frame periods ({period * 1000.0 / rate:0.00} ms), mixer {mixer}");
        Console.WriteLine($"server: {server.Command}; the engine's audio thread: {mix.Scheduling}; the model's worker: {engine.Status.WorkerScheduling}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average at start {LoadAverage()}; {JitMode.Describe()}");
        long xrunsBefore = mix.Xruns;
        int driverBefore = server.DriverXruns, clientBefore = server.ClientXruns;
        long lateBefore = engine.Status.LateBlocks;
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        double heapStartMb = GC.GetTotalMemory(false) / 1e6, rssStartMb = Environment.WorkingSet / 1e6;
        player.Start();
        Console.WriteLine("| elapsed | xruns (client) | jackd: driver late / client late | late blocks | fallback | gains applied | mix peak | non-finite | heap | resident set | load | steal |");
        Console.WriteLine("|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|");
        double stealBefore = StealMs(), stealRow = stealBefore;
        float minGain = float.MaxValue, maxGain = float.MinValue;
        int fallbackSeconds = 0;
        var clock = Stopwatch.StartNew();
        var total = TimeSpan.FromMinutes(minutes);
        var nextRow = TimeSpan.FromMinutes(Math.Min(1, minutes));
        while (clock.Elapsed < total && !mix.ServerGone)
        {
            Thread.Sleep(1000);
            foreach (float g in engine.Status.AppliedGainDb) { minGain = Math.Min(minGain, g); maxGain = Math.Max(maxGain, g); }
            if (engine.Status.FallbackActive) fallbackSeconds++;
            if (clock.Elapsed >= nextRow || clock.Elapsed >= total)
            {
                nextRow += TimeSpan.FromMinutes(1);
                Console.WriteLine($"| {clock.Elapsed.TotalMinutes:0.0} min | {mix.Xruns - xrunsBefore} | {server.DriverXruns - driverBefore} / {server.ClientXruns - clientBefore} | " +
                    $"{engine.Status.LateBlocks - lateBefore} | {fallbackSeconds} s | {minGain:0.0} .. {maxGain:0.0} dB | {20 * Math.Log10(recorder.Peak + 1e-30):0.0} dBFS | " +
                    $"{recorder.NonFiniteSamples} | {GC.GetTotalMemory(false) / 1e6:0.0} MB | {Environment.WorkingSet / 1e6:0.0} MB | {LoadAverage()} | {StealMs() - stealRow:0} ms |");
                stealRow = StealMs();
            }
        }
        long xruns = mix.Xruns - xrunsBefore;
        bool gone = mix.ServerGone;
        double heard = recorder.FramesHeard / (double)rate;
        Console.WriteLine($"{clock.Elapsed.TotalMinutes:0.0} min: {xruns} xruns (client callback); jackd logged {server.DriverXruns - driverBefore} late driver wake-ups and " +
            $"{server.ClientXruns - clientBefore} unfinished clients ({string.Join(", ", server.UnfinishedClients.Select(kv => $"{kv.Key} {kv.Value}"))}, whole run); {mix.Cycles} cycles, recorder heard {heard:0} s; late blocks {engine.Status.LateBlocks - lateBefore}, late decisions {engine.Status.LateDecisions}, " +
            $"overruns {engine.Status.Overruns}, fallback {fallbackSeconds} s, bad inputs replaced {engine.Status.BadSamplesReplaced}, feedback pull-downs {engine.Status.FeedbackEvents}; " +
            $"gains {minGain:0.0} .. {maxGain:0.0} dB; mix non-finite samples {recorder.NonFiniteSamples}; heap {heapStartMb:0.0} -> {GC.GetTotalMemory(false) / 1e6:0.0} MB, " +
            $"resident set {rssStartMb:0.0} -> {Environment.WorkingSet / 1e6:0.0} MB; GCs gen0/1/2 during the run {GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}; " +
            $"load average at end {LoadAverage()}, steal {StealMs() - stealBefore:0} ms{(gone ? "; THE SERVER WENT AWAY" : "")}{(engine.Status.Message.Length > 0 ? $"; engine: {engine.Status.Message}" : "")}");
        return xruns == 0 && recorder.NonFiniteSamples == 0 && !gone ? 0 : 1;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>CPU time the hypervisor gave to others while this VM wanted it (all CPUs, /proc/stat "steal", in ms).</summary>
    private static double StealMs() => long.Parse(File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[8], CultureInfo.InvariantCulture) * 10.0;
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.Bench;

/// <summary>
/// Load on the web app: `autofoh serve` with the demo's example band, N viewers following the
/// advice stream (what every page does: /api/events) and one microphone streaming the demo's room
/// recording in real time over the WebSocket, for M minutes, all on loopback. Reports advice seconds the
/// server produced, what each viewer received (a drop is any missing second), and the server's memory
/// (managed heap and resident set) minute by minute.
///
///     ./autofoh demo --prepare-only
///     dotnet run -c Release --project bench/AutoFoh.Bench -- web-load --viewers 20 --minutes 5
/// </summary>
public static class WebLoad
{
    public static async Task<int> Run(string[] args)
    {
        int viewers = Option(args, "--viewers", 20), minutes = Option(args, "--minutes", 5);
        string root = BenchData.Root;
        string demo = Path.Combine(root, ".cache", "demo");
        if (!File.Exists(Path.Combine(demo, "mic.wav"))) { Console.Error.WriteLine("run ./autofoh demo --prepare-only first"); return 2; }
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "autofoh"), "serve", "--port", port.ToString(),
            "--reference", Path.Combine(demo, "reference.safetensors"), "--line-check", Path.Combine(demo, "line-check")]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var server = Process.Start(start)!;
        try
        {
            while (await server.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("AutoFOH soundcheck:")) { }
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
            using var stop = new CancellationTokenSource();
            var received = new long[viewers];
            var gaps = new long[viewers];
            var tasks = Enumerable.Range(0, viewers).Select(v => Follow(http, v, received, gaps, stop.Token)).ToList();
            await Task.Delay(1000);
            var mic = AudioFile.ReadAll(Path.Combine(demo, "mic.wav"));
            var samples = mic.Mono();
            int rate = mic.SampleRateHz, block = 4096;
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws/microphone?rate={rate}"), CancellationToken.None);
            var clock = Stopwatch.StartNew();
            long sent = 0, serverPid = ServerPid(server);
            var bytes = new byte[block * 4];
            Console.WriteLine($"web load: {viewers} viewers, 1 microphone at {rate} Hz, {minutes} min on loopback (server pid {serverPid})");
            Console.WriteLine("minute  advised  heap MB  RSS MB");
            int nextReport = 1;
            while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
            {
                for (int i = 0; i < block; i++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), samples[(int)((sent + i) % samples.Length)]);
                await socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
                sent += block;
                var due = TimeSpan.FromSeconds(sent / (double)rate);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                if (clock.Elapsed >= TimeSpan.FromMinutes(nextReport))
                {
                    var stats = JsonDocument.Parse(await http.GetStringAsync("/api/stats")).RootElement;
                    Console.WriteLine($"{nextReport,6}  {stats.GetProperty("windows_advised").GetInt64(),7}  {stats.GetProperty("memory_bytes").GetInt64() / 1e6,7:0.0}  {Rss(serverPid) / 1e6,6:0.0}");
                    nextReport++;
                }
            }
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            await Task.Delay(2000);
            long advised = JsonDocument.Parse(await http.GetStringAsync("/api/stats")).RootElement.GetProperty("windows_advised").GetInt64();
            stop.Cancel();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { })));
            // Every viewer gets the solo advice (time 0) and one message per advised second.
            long dropped = received.Sum(r => Math.Max(0, advised + 1 - r));
            Console.WriteLine($"advised seconds {advised} (audio sent {sent / (double)rate:0} s); per viewer received min {received.Min()} max {received.Max()}; dropped {dropped}; gaps in time stamps {gaps.Sum()}");
            return dropped == 0 && gaps.Sum() == 0 ? 0 : 1;
        }
        finally
        {
            try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    /// <summary>One viewer: reads the event stream, counts advice messages and checks their seconds follow on.</summary>
    private static async Task Follow(HttpClient http, int viewer, long[] received, long[] gaps, CancellationToken stop)
    {
        using var response = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, stop);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
        double last = -1;
        while (!stop.IsCancellationRequested && await reader.ReadLineAsync(stop) is { } line)
        {
            if (!line.StartsWith("data: ")) continue;
            var message = JsonDocument.Parse(line[6..]).RootElement;
            if (message.GetProperty("type").GetString() != "advice") continue;
            double t = message.GetProperty("t_s").GetDouble();
            if (last >= 0 && t - last > 1.5) Interlocked.Increment(ref gaps[viewer]);
            last = t;
            Interlocked.Increment(ref received[viewer]);
        }
    }

    private static long ServerPid(Process wrapper)
    {
        // ./autofoh execs dotnet, so the wrapper's pid is the server's.
        return wrapper.Id;
    }

    private static long Rss(long pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
    }
}

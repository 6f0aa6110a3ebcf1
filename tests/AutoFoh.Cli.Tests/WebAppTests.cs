using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// The soundcheck web app end to end: `autofoh serve` as a user starts it, Debian's chromium driven by
/// Playwright, the microphone fed from a room recording (`simulate`) through chromium's fake capture
/// device. Screenshots of every screen go to artifacts/screenshots.
/// </summary>
[Collection("web")]
public class WebAppTests : IClassFixture<RockSong>
{
    private readonly RockSong _song;
    public WebAppTests(RockSong song) => _song = song;

    internal static string Screenshots { get { var d = Path.Combine(CliRunner.RepositoryRoot, "artifacts", "screenshots"); Directory.CreateDirectory(d); return d; } }

    /// <summary>Line check and a microphone recording with the guitar moved; the recording as 16-bit WAV for chromium.</summary>
    private (string LineCheck, string Microphone) Room(double guitarDb)
    {
        string folder = _song.Dir.File($"web-room{guitarDb}");
        if (!File.Exists(Path.Combine(folder, "mic16.wav")))
        {
            var simulate = CliRunner.Run("simulate", "--stems", _song.Stems, "--out", folder, "--passage-s", "30", "--section-s", "5", "--seconds", "40",
                "--gain", $"guitar={guitarDb}", "--seed", "3");
            Assert.True(simulate.ExitCode == 0, simulate.Stderr);
            var convert = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", Path.Combine(folder, "mic.wav"), "-c:a", "pcm_s16le", Path.Combine(folder, "mic16.wav")]))!;
            convert.WaitForExit();
            Assert.Equal(0, convert.ExitCode);
        }
        return (Path.Combine(folder, "line-check"), Path.Combine(folder, "mic16.wav"));
    }

    /// <summary>Debian's chromium, headless; its fake microphone plays <paramref name="audioFile"/> when given.</summary>
    internal static async Task<IBrowser> Chromium(IPlaywright playwright, string? audioFile) => await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            .. audioFile is null ? Array.Empty<string>() : ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-audio-capture={audioFile}"],
            "--autoplay-policy=no-user-gesture-required",
        ],
    });

    [Fact]
    public async Task A_room_recording_with_the_guitar_12_dB_too_loud_shows_down_on_the_guitarists_screen_within_15_seconds()
    {
        var (lineCheck, mic) = Room(12);
        using var server = WebServerProcess.Start(_song.Model, lineCheck);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright, mic);
        var musician = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
        await musician.GotoAsync($"{server.Url}/musician/guitar");
        Assert.Equal("guitar", await musician.GetAttributeAsync("#musician", "data-instrument"));
        var engineer = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await engineer.GotoAsync($"{server.Url}/soundcheck?autostart=1");
        await engineer.WaitForSelectorAsync("#status[data-state=listening]", new PageWaitForSelectorOptions { Timeout = 30000 });   // chromium starting up beside the other test assemblies on 2 cores
        var clock = Stopwatch.StartNew();
        await musician.WaitForSelectorAsync("#musician[data-advice=down]", new PageWaitForSelectorOptions { Timeout = 15000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"down after {clock.Elapsed.TotalSeconds:0.0} s");
        // ...and keeps it over the next seconds.
        int down = 0;
        for (int k = 0; k < 10; k++) { await Task.Delay(500); if (await musician.GetAttributeAsync("#musician", "data-advice") == "down") down++; }
        Assert.True(down >= 8, $"down in {down} of 10 samples after it first showed");
        // The engineer's heatmap of what the coach hears fills one column per second.
        int columns = await engineer.EvaluateAsync<int>(@"() => {
            const c = document.getElementById('heard'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let x = 0; x < c.width; x++) { let any = false; for (let y = 0; y < c.height; y++) if (d[(y * c.width + x) * 4 + 3] > 0) any = true; if (any) n++; }
            return n; }");
        Assert.True(columns >= 5, $"{columns} columns in the heatmap");
        await engineer.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "soundcheck.png"), FullPage = true });

        // The session lives on the server: a second screen for the guitar and a reloaded one show the
        // advice at once, and a reloaded engineer's page (its microphone stream dropped) streams again.
        var second = await browser.NewPageAsync();
        await second.GotoAsync($"{server.Url}/musician/guitar");
        await second.WaitForSelectorAsync("#musician[data-advice=down]", new PageWaitForSelectorOptions { Timeout = 3000 });
        await musician.ReloadAsync();
        await musician.WaitForSelectorAsync("#musician[data-advice=down]", new PageWaitForSelectorOptions { Timeout = 3000 });
        int before = server.AdviceSeconds();
        await engineer.ReloadAsync();
        await engineer.WaitForSelectorAsync("#status[data-state=listening]", new PageWaitForSelectorOptions { Timeout = 30000 });   // chromium starting up beside the other test assemblies on 2 cores
        await Task.Delay(4000);
        Assert.True(server.AdviceSeconds() >= before + 2, $"advised {before} seconds before the reload, {server.AdviceSeconds()} after");
        Assert.Equal("down", await second.GetAttributeAsync("#musician", "data-advice"));
        await musician.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "musician-down.png") });
        var setup = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await setup.GotoAsync(server.Url + "/");
        await setup.WaitForSelectorAsync("#instruments li");
        await Task.Delay(500);
        await setup.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "setup.png"), FullPage = true });
    }

    [Fact]
    public async Task A_balanced_room_recording_leaves_the_guitarists_screen_blank()
    {
        var (lineCheck, mic) = Room(0);
        using var server = WebServerProcess.Start(_song.Model, lineCheck);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright, mic);
        var musician = await browser.NewPageAsync();
        await musician.GotoAsync($"{server.Url}/musician/guitar");
        var engineer = await browser.NewPageAsync();
        await engineer.GotoAsync($"{server.Url}/soundcheck?autostart=1");
        await engineer.WaitForSelectorAsync("#status[data-state=listening]", new PageWaitForSelectorOptions { Timeout = 30000 });   // chromium starting up beside the other test assemblies on 2 cores
        int none = 0, samples = 30;
        for (int k = 0; k < samples; k++) { await Task.Delay(500); if (await musician.GetAttributeAsync("#musician", "data-advice") == "none") none++; }
        Assert.True(server.AdviceSeconds() >= 8, $"the server advised {server.AdviceSeconds()} seconds");
        Assert.True(none >= 0.8 * samples, $"blank in {none} of {samples} samples");
        await musician.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "musician-blank.png") });
    }

    [Fact]
    public async Task The_line_check_wizard_records_the_room_and_every_instrument_and_refuses_a_silent_take()
    {
        var (_, mic) = Room(0);
        using var server = WebServerProcess.Start(_song.Model, lineCheck: null);
        using var playwright = await Playwright.CreateAsync();
        await using (var browser = await Chromium(playwright, mic))
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
            await page.GotoAsync($"{server.Url}/linecheck?autostart=1&seconds=3");
            await page.WaitForSelectorAsync("#wizard[data-step=guitar]", new PageWaitForSelectorOptions { Timeout = 20000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "linecheck.png") });
            await page.WaitForSelectorAsync("#wizard[data-step=done]", new PageWaitForSelectorOptions { Timeout = 60000 });
        }
        var state = JsonDocument.Parse(await server.Client.GetStringAsync("/api/state")).RootElement;
        var instruments = state.GetProperty("instruments").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(instruments, state.GetProperty("line_check").EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.True(state.GetProperty("room_tone").GetBoolean());

        // Silence from the microphone: the room tone passes, the first instrument is asked again.
        string silent = _song.Dir.File("silence.wav");
        var make = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "20", "-c:a", "pcm_s16le", silent]))!;
        make.WaitForExit();
        await using (var browser = await Chromium(playwright, silent))
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync($"{server.Url}/linecheck?autostart=1&seconds=3");
            await page.WaitForSelectorAsync("#wizard[data-error*=silent]", new PageWaitForSelectorOptions { Timeout = 30000 });
            Assert.Contains("again", await page.TextContentAsync("#prompt"));
        }
    }

    [Fact]
    public async Task Stems_uploaded_on_the_setup_page_become_the_reference_and_a_fake_audio_file_is_refused_on_the_page()
    {
        using var server = WebServerProcess.Start(_song.Model, lineCheck: null);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium(playwright, Room(0).Microphone);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url + "/");
        string fake = _song.Dir.File("notes.wav");
        File.WriteAllText(fake, "these are not samples");
        await page.SetInputFilesAsync("#upload input[type=file]", [fake, Path.Combine(_song.Stems, "bass.wav")]);
        await page.ClickAsync("#upload button");
        await page.WaitForSelectorAsync("#upload-message[data-error=true]", new PageWaitForSelectorOptions { Timeout = 10000 });
        string refused = (await page.TextContentAsync("#upload-message"))!;
        Assert.StartsWith("notes.wav: not an audio file", refused);

        var stems = Directory.GetFiles(_song.Stems, "*.wav").Order(StringComparer.Ordinal).ToArray();
        await page.SetInputFilesAsync("#upload input[type=file]", stems);
        await page.ClickAsync("#upload button");
        await page.WaitForSelectorAsync("#upload-message[data-error=false]", new PageWaitForSelectorOptions { Timeout = 60000 });
        var state = JsonDocument.Parse(await server.Client.GetStringAsync("/api/state")).RootElement;
        Assert.Equal(stems.Select(Path.GetFileNameWithoutExtension).ToList(), state.GetProperty("instruments").EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.Contains("guitar.wav", state.GetProperty("reference").GetString());
        Assert.Equal(0, state.GetProperty("line_check").GetArrayLength());   // a new reference starts a new line check
        await page.WaitForSelectorAsync("#instruments li");
        Assert.Equal(stems.Length, await page.Locator("#instruments li").CountAsync());
    }

    [Fact]
    public async Task The_demo_serves_an_example_band_ready_to_soundcheck()
    {
        using var server = WebServerProcess.StartCommand(["demo"], lan: false, TimeSpan.FromMinutes(4));
        Assert.Contains("Example band ready", server.Output);
        var state = JsonDocument.Parse(await server.Client.GetStringAsync("/api/state")).RootElement;
        var instruments = state.GetProperty("instruments").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("guitar", instruments);
        Assert.True(instruments.Count >= 4, string.Join(", ", instruments));
        Assert.Equal(instruments, state.GetProperty("line_check").EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.True(state.GetProperty("room_tone").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/musician/guitar")).StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_a_clear_answer_and_leave_the_server_running()
    {
        var (lineCheck, _) = Room(0);
        using var server = WebServerProcess.Start(_song.Model, lineCheck);
        // A file that is not audio.
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("hello"u8.ToArray()), "stems", "notes.txt" } })
        {
            var response = await server.Client.PostAsync("/api/reference", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("notes.txt: not an audio file", await response.Content.ReadAsStringAsync());
        }
        // A reference mix without demucs installed (the test machine has none).
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(Path.Combine(_song.Stems, "bass.wav"))), "stems", "mix.wav" } })
        {
            var response = await server.Client.PostAsync("/api/reference", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("demucs is not installed", await response.Content.ReadAsStringAsync());
        }
        // An upload over the size limit, refused from its Content-Length.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /api/reference HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {600L << 20}\r\n\r\n"));
            var buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer);
            string answer = Encoding.ASCII.GetString(buffer, 0, read);
            Assert.StartsWith("HTTP/1.1 413", answer);
            Assert.Contains("limit", answer);
        }
        // An unknown instrument.
        var unknown = await server.Client.GetAsync("/musician/theremin");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No instrument called", await unknown.Content.ReadAsStringAsync());
        // A take that is not whole float samples.
        var odd = await server.Client.PostAsync("/api/linecheck/guitar", new ByteArrayContent(new byte[7]));
        Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);

        // WebSockets: a text message, then an oversized one, each closes its connection.
        var wsUrl = new Uri($"ws://127.0.0.1:{server.Port}/ws/microphone?rate=44100");
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(wsUrl, CancellationToken.None);
            // A second microphone while one streams is refused.
            using (var second = new ClientWebSocket())
            {
                var refused = await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(wsUrl, CancellationToken.None));
                Assert.Contains("409", refused.Message);
            }
            await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(new byte[256], CancellationToken.None);
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, result.CloseStatus);
        }
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(wsUrl, CancellationToken.None);
            await socket.SendAsync(new byte[1 << 20], WebSocketMessageType.Binary, true, CancellationToken.None);
            var result = await socket.ReceiveAsync(new byte[256], CancellationToken.None);
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
        }
        var state = await server.Client.GetAsync("/api/state");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
    }

    [Fact]
    public async Task With_lan_a_device_without_the_pairing_code_gets_401_and_with_it_gets_the_page()
    {
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(address is not null, "this machine has no non-loopback IPv4 address to test the LAN from");
        var (lineCheck, _) = Room(0);
        using var server = WebServerProcess.Start(_song.Model, lineCheck, lan: true);
        using var lan = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri($"http://{address}:{server.Port}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await lan.GetAsync("/api/state")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await lan.GetAsync("/musician/guitar?pair=000000")).StatusCode);
        string code = server.PairingCode ?? throw new InvalidOperationException("the server printed no pairing code");
        Assert.Equal(HttpStatusCode.OK, (await lan.GetAsync($"/musician/guitar?pair={code}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lan.GetAsync("/api/state")).StatusCode);   // the cookie pairs the device
        // The laptop's setup page shows the address as a QR code; a phone cannot ask for it.
        var qr = await server.Client.GetAsync("/api/pairing/qr.svg");
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Contains("<svg", await qr.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await lan.GetAsync("/api/pairing/qr.svg")).StatusCode);
    }
}

/// <summary>`autofoh serve` in its own process on a free loopback port, stopped when disposed.</summary>
public sealed class WebServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WebServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public HttpClient Client { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }
    public string? PairingCode => System.Text.RegularExpressions.Regex.Match(Output, @"pairing code (\d+)") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>How many seconds of microphone the server has advised on.</summary>
    public int AdviceSeconds() => JsonDocument.Parse(Client.GetStringAsync("/api/stats").Result).RootElement.GetProperty("windows_advised").GetInt32();

    public static WebServerProcess Start(string reference, string? lineCheck, bool lan = false)
    {
        var args = new List<string> { "serve", "--reference", reference };
        if (lineCheck is not null) args.AddRange(["--line-check", lineCheck]);
        if (lan) args.Add("--lan");
        return StartCommand(args.ToArray(), lan, TimeSpan.FromSeconds(60));
    }

    /// <summary>Any command that serves the app (serve, demo, live --serve), on a free port, ready when it prints a line starting with <paramref name="ready"/>.</summary>
    public static WebServerProcess StartCommand(string[] command, bool lan, TimeSpan startup, string ready = "AutoFOH soundcheck:")
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        var process = CliRunner.StartProcess([.. command, "--port", port.ToString()]);
        var server = new WebServerProcess(process, port);
        var listening = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (server._output) server._output.AppendLine(e.Data); if (e.Data.StartsWith(ready)) listening.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._output) server._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(startup) || process.HasExited)
        {
            server.Dispose();
            throw new InvalidOperationException($"autofoh {command[0]} did not start: {server.Output}");
        }
        Thread.Sleep(lan ? 300 : 0);
        return server;
    }

    /// <summary>Waits until the server has printed <paramref name="text"/>; false when it has not by <paramref name="timeout"/> or has exited.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || _process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(100);
        }
        return true;
    }

    public int ProcessId => _process.Id;

    /// <summary>Stops the server as a service manager or Ctrl+C would (SIGTERM: it shuts down and cleans up), and waits for it.</summary>
    public void Stop()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]))!) kill.WaitForExit();
        Assert.True(_process.WaitForExit(20000), $"the server did not stop on SIGTERM: {Output}");
    }

    public void Dispose()
    {
        Client.Dispose();
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// The live mix's page end to end: `autofoh live --backend files --serve --realtime` plays a multitrack at a
/// sound card's pace through the real engine (the loudness balancer deciding); Debian's chromium, driven by
/// Playwright, opens /live; the test mutes, locks and prioritises channels on the page and checks what the
/// engine reports and the mix it writes. Its screenshot goes to artifacts/screenshots/live.png.
/// </summary>
[Collection("web")]
public sealed class LivePageTests : IDisposable
{
    private const int Rate = 44100;
    private const double Seconds = 30, FeedbackAtSeconds = 20;
    private static readonly (string Name, double FrequencyHz)[] Band = [("bass", 147), ("guitar", 233), ("keys", 370), ("vocals", 587)];
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A live multitrack folder: each channel plays notes (0.6-1.6 s, 10 ms attack, decaying, levels
    /// −26..−10 dBFS, short rests) at its own pitch, a plain tone, so the mix can be taken apart per channel
    /// by frequency; a little noise under it. From <see cref="FeedbackAtSeconds"/> the vocal microphone starts to feed
    /// back: a 2.7 kHz loop from −50 dBFS growing 60 dB a second to −10 dBFS, then held.
    /// </summary>
    private string Multitrack()
    {
        string folder = _dir.File("band");
        Directory.CreateDirectory(Path.Combine(folder, "inputs"));
        int length = (int)(Seconds * Rate);
        for (int c = 0; c < Band.Length; c++)
        {
            var random = new Random(c + 1);
            var x = new float[length];
            for (int start = 0; start < length;)
            {
                int duration = (int)((0.6 + random.NextDouble()) * Rate), rest = (int)((0.1 + 0.3 * random.NextDouble()) * Rate);
                double amplitude = Math.Pow(10, (-26 + 16 * random.NextDouble()) / 20) * Math.Sqrt(2);
                for (int k = 0; k < duration && start + k < length; k++)
                {
                    double envelope = Math.Min(1, k / (0.01 * Rate)) * Math.Exp(-2.0 * k / Rate) * Math.Min(1, (duration - k) / (0.03 * Rate));
                    x[start + k] = (float)(amplitude * envelope * Math.Sin(2 * Math.PI * Band[c].FrequencyHz * (start + k) / Rate));
                }
                start += duration + rest;
            }
            for (int n = 0; n < length; n++) x[n] += (float)(3e-4 * (random.NextDouble() * 2 - 1));
            if (Band[c].Name == "vocals")
                for (int n = (int)(FeedbackAtSeconds * Rate); n < length; n++)
                {
                    double t = n / (double)Rate - FeedbackAtSeconds;
                    x[n] += (float)(Math.Pow(10, Math.Min(-50 + 60 * t, -10) / 20) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * 2700 * t));
                }
            File.WriteAllBytes(Path.Combine(folder, "inputs", Band[c].Name + ".wav"), WavBytes.Float32(Rate, 1, x));
        }
        return folder;
    }

    private static async Task<JsonElement> State(WebServerProcess server) => JsonDocument.Parse(await server.Client.GetStringAsync("/api/live/state")).RootElement;

    private static JsonElement Channel(JsonElement state, string name) => state.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static ILocator Strip(IPage page, string name) => page.Locator($".strip[data-channel=\"{name}\"]");

    private static async Task<double> Attribute(IPage page, string name, string attribute) =>
        double.Parse((await Strip(page, name).GetAttributeAsync(attribute))!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_live_page_shows_a_strip_per_channel_and_its_mute_lock_and_priority_reach_the_engine_and_the_mix()
    {
        string folder = Multitrack(), mix = _dir.File("mix.wav");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WebAppTests.Chromium(playwright, audioFile: null);   // started first: the files play from the server's start
        using var server = WebServerProcess.StartCommand(["live", "--backend", "files", "--in", folder, "--out", mix, "--mixer", "loudness", "--serve", "--realtime"],
            lan: false, TimeSpan.FromSeconds(60), ready: "AutoFOH live:");
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1520, Height = 380 } });
        await page.GotoAsync($"{server.Url}/live");
        await page.WaitForSelectorAsync(".strip[data-gain-db]", new PageWaitForSelectorOptions { Timeout = 30000 });   // chromium beside the other test assemblies on 2 cores

        // Every channel has a strip whose input level and gain move as the band plays.
        Assert.Equal(Band.Select(b => b.Name).ToArray(), (await page.Locator(".strip").EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.channel)")));
        var levels = Band.ToDictionary(b => b.Name, _ => new HashSet<double>());
        var gains = Band.ToDictionary(b => b.Name, _ => new HashSet<double>());
        for (int k = 0; k < 6; k++)
        {
            foreach (var (name, _) in Band)
            {
                levels[name].Add(await Attribute(page, name, "data-level-dbfs"));
                gains[name].Add(await Attribute(page, name, "data-gain-db"));
                Assert.Contains(await Strip(page, name).GetAttributeAsync("data-status"), new[] { "ok", "late", "dugan" });
            }
            await Task.Delay(400);
        }
        foreach (var (name, _) in Band)
        {
            Assert.True(levels[name].Count >= 3, $"{name}: input level took {levels[name].Count} values in 2.4 s");
            Assert.True(gains[name].Count >= 3, $"{name}: gain took {gains[name].Count} values in 2.4 s");
        }

        // Mute the bass on the page: the engine fades it to nothing.
        while ((await State(server)).GetProperty("t_s").GetDouble() < 3) await Task.Delay(100);
        double beforeMuteS = (await State(server)).GetProperty("t_s").GetDouble();
        await Strip(page, "bass").Locator(".mute").ClickAsync();
        await page.WaitForSelectorAsync(".strip[data-channel=bass][data-muted=true]", new PageWaitForSelectorOptions { Timeout = 5000 });
        await page.WaitForFunctionAsync("() => Number(document.querySelector('.strip[data-channel=bass]').dataset.gainDb) <= -100", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        var muted = await State(server);
        double mutedS = muted.GetProperty("t_s").GetDouble();
        Assert.True(Channel(muted, "bass").GetProperty("muted").GetBoolean());
        Assert.Equal(-120, Channel(muted, "bass").GetProperty("gain_db").GetDouble());   // the engine's floor: a gain of 0

        // Lock the guitar: its gain stops while the automixer keeps moving the others.
        await Strip(page, "guitar").Locator(".lock").ClickAsync();
        await page.WaitForSelectorAsync(".strip[data-channel=guitar][data-locked=true]", new PageWaitForSelectorOptions { Timeout = 5000 });
        await Task.Delay(500);   // an update or two after the engine took the lock
        var locked = await State(server);
        double heldDb = Channel(locked, "guitar").GetProperty("gain_db").GetDouble();
        double othersMovedDb = 0;
        for (int k = 0; k < 10; k++)
        {
            await Task.Delay(300);
            var now = await State(server);
            Assert.Equal(heldDb, Channel(now, "guitar").GetProperty("gain_db").GetDouble(), 0.011);
            Assert.Equal(heldDb, await Attribute(page, "guitar", "data-gain-db"), 0.011);
            foreach (var name in new[] { "keys", "vocals" })
                othersMovedDb = Math.Max(othersMovedDb, Math.Abs(Channel(now, name).GetProperty("gain_db").GetDouble() - Channel(locked, name).GetProperty("gain_db").GetDouble()));
        }
        Assert.True(othersMovedDb > 0.5, $"the unlocked channels moved at most {othersMovedDb:0.00} dB in 3 s: the lock was not put to the test");

        // A priority of −6 dB on the keys: the engine applies the automixer's decision minus 6 dB.
        await Strip(page, "keys").Locator(".priority").FillAsync("-6");
        await Strip(page, "keys").Locator(".priority").DispatchEventAsync("change");
        await page.WaitForSelectorAsync(".strip[data-channel=keys][data-priority-db=\"-6\"]", new PageWaitForSelectorOptions { Timeout = 5000 });
        await Task.Delay(400);   // the slew limit takes 0.1 s for 6 dB
        for (int k = 0; k < 5; k++)
        {
            var keys = Channel(await State(server), "keys");
            double automatic = keys.GetProperty("automatic_db").GetDouble(), gain = keys.GetProperty("gain_db").GetDouble();
            Assert.Equal(-6, keys.GetProperty("priority_db").GetDouble());
            Assert.Equal(Math.Min(automatic - 6, 6), gain, 0.5);   // under the +6 dB boost cap
            await Task.Delay(200);
        }

        // Bad control input: 400 and one line naming the value; the engine's controls stay as they were.
        foreach (var (channel, body, named) in new[] { ("theremin", "{\"muted\": true}", "theremin"), ("keys", "{\"priority_db\": 40}", "40"), ("keys", "{\"priority_db\": \"loud\"}", "loud"), ("keys", "{\"locked\": \"yes\"}", "yes"), ("keys", "nope", "nope") })
        {
            var response = await server.Client.PostAsync($"/api/live/channel/{channel}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            string error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
            Assert.Contains(named, error);
            Assert.DoesNotContain('\n', error);
        }
        var after = Channel(await State(server), "keys");
        Assert.Equal(-6, after.GetProperty("priority_db").GetDouble());
        Assert.False(after.GetProperty("locked").GetBoolean());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppTests.Screenshots, "live.png"), FullPage = true });

        // The files end, the mix is written and the page says so.
        Assert.True(server.WaitForOutput("mixed live by loudness", TimeSpan.FromSeconds(Seconds + 30)), server.Output);
        await page.WaitForSelectorAsync("#live[data-state=finished]", new PageWaitForSelectorOptions { Timeout = 5000 });
        // The vocal microphone's feedback is in the page's event list, newest first, with its channel and frequency.
        var feedback = page.Locator("#event-list li[data-kind=feedback][data-channel=vocals]");
        Assert.True(await feedback.CountAsync() >= 1, await page.Locator("#events").InnerTextAsync());
        Assert.Matches(@"^2\d\.\d s · feedback vocals at 2\.\d\d kHz: notch -12 dB$", await feedback.Last.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppTests.Screenshots, "live-end.png"), FullPage = true });
        var events = (await State(server)).GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "feedback" && e.GetProperty("channel").GetString() == "vocals"
            && e.GetProperty("t_s").GetDouble() is > FeedbackAtSeconds and < FeedbackAtSeconds + 1.2);
        // The mix page is `serve`'s: here it says so.
        var mixPage = await server.Client.GetAsync("/mix");
        Assert.Equal(HttpStatusCode.NotFound, mixPage.StatusCode);
        Assert.Contains("autofoh serve", await mixPage.Content.ReadAsStringAsync());
        // SIGTERM with the page still following its event stream: the stream ends and the command stops.
        server.Stop();

        // In the mix, the bass's tone is gone from the moment it was muted; the others play on.
        var left = LeftChannel(mix);
        Assert.Equal((int)(Seconds * Rate), left.Length);
        double bassBefore = ToneDb(left, beforeMuteS - 2.2, beforeMuteS - 0.2, 147), bassAfter = ToneDb(left, mutedS + 0.1, mutedS + 2.1, 147);
        double guitarAfter = ToneDb(left, mutedS + 0.1, mutedS + 2.1, 233);
        Assert.True(bassBefore > -45, $"the bass played at {bassBefore:0.0} dB before the mute");
        Assert.True(bassAfter < bassBefore - 50, $"the bass's tone at {bassAfter:0.0} dB after the mute, {bassBefore:0.0} dB before");
        Assert.True(guitarAfter > bassAfter + 30, $"the guitar at {guitarAfter:0.0} dB after the bass's mute");
    }

    /// <summary>The mix's left channel, decoded by ffmpeg (independent of the writer under test).</summary>
    private static float[] LeftChannel(string wav)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", wav, "-f", "f32le", "-acodec", "pcm_f32le", "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var bytes = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error.Result);
        var interleaved = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes.GetBuffer(), 0, interleaved, 0, interleaved.Length * 4);
        return interleaved.Where((_, i) => i % 2 == 0).ToArray();
    }

    /// <summary>The amplitude (dB) of the tone at <paramref name="frequencyHz"/> in [from, to) seconds (Hann-windowed projection).</summary>
    private static double ToneDb(float[] x, double fromSeconds, double toSeconds, double frequencyHz)
    {
        int a = (int)(fromSeconds * Rate), b = (int)(toSeconds * Rate);
        double re = 0, im = 0, weight = 0;
        for (int n = a; n < b; n++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * (n - a) / (b - a)), phase = 2 * Math.PI * frequencyHz * n / Rate;
            re += w * x[n] * Math.Cos(phase);
            im += w * x[n] * Math.Sin(phase);
            weight += w;
        }
        return 20 * Math.Log10(2 * Math.Sqrt(re * re + im * im) / weight + 1e-12);
    }
}

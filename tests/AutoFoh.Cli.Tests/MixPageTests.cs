using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AutoFoh.Audio;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Lab.Mastering.Validation;
using Microsoft.Playwright;

namespace AutoFoh.Cli.Tests;

/// <summary>
/// The mix page end to end: `autofoh serve` with an untrained predictor (the solver alone must meet the
/// targets), Debian's chromium driven by Playwright uploading generated stems, the figures read from the page's
/// test hooks, the files downloaded as a person would.
/// </summary>
[Collection("web")]
public sealed class MixPageTests : IDisposable
{
    private const int Rate = 44100;
    private const double Seconds = 4;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string UntrainedPredictor()
    {
        string path = _dir.File("mix-predictor.safetensors");
        if (!File.Exists(path)) new MixPredictor(seed: 7).Save(path);
        return path;
    }

    private static WebServerProcess Serve(string predictor) => WebServerProcess.StartCommand(["serve", "--mix-model", predictor], lan: false, TimeSpan.FromSeconds(60));

    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Four_stems_mixed_to_rock_punk_on_the_page_meet_every_target_and_download_as_the_mix_and_its_parameters()
    {
        var stems = TestStems.Write(_dir.File("stems"), TestStems.Generate(TestStemKind.Band, 4, Seconds, Rate, seed: 4), Rate);
        string fake = _dir.File("notes.wav");
        File.WriteAllText(fake, "these are not samples");
        using var server = Serve(UntrainedPredictor());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await WebAppTests.Chromium(playwright, audioFile: null);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        await page.GotoAsync(server.Url + "/mix");
        Assert.Equal("idle", await page.GetAttributeAsync("#mix", "data-state"));
        await page.WaitForSelectorAsync("#style option[value=rock_punk]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Equal(3, await page.Locator("#style-targets tbody tr").CountAsync());
        Assert.Contains("2800 Hz", await page.TextContentAsync("#style-targets tr[data-style=rock_punk]"));

        // A file that is not audio: one line on the page, nothing mixed.
        await page.SetInputFilesAsync("#mix-form input[type=file]", [fake, stems[0]]);
        await page.SelectOptionAsync("#style", "rock_punk");
        await page.ClickAsync("#mix-button");
        await page.WaitForSelectorAsync("#mix[data-state=error]", new PageWaitForSelectorOptions { Timeout = 20000 });
        string refused = (await page.TextContentAsync("#mix-message"))!;
        Assert.StartsWith("notes.wav: not an audio file", refused);
        Assert.DoesNotContain("autofoh-mix-", refused);   // the server's temp folder stays out of the message

        // The four stems.
        await page.SetInputFilesAsync("#mix-form input[type=file]", stems.ToArray());
        await page.ClickAsync("#mix-button");
        await page.WaitForSelectorAsync("#mix[data-state=running]", new PageWaitForSelectorOptions { Timeout = 20000 });
        Assert.True(await page.IsVisibleAsync("#progress"));
        Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#stage")));
        // One job at a time: a second request while it runs is refused before its upload is read.
        using (var second = new MultipartFormDataContent { { new StringContent("rock_punk"), "style" } })
        {
            var busy = await server.Client.PostAsync("/api/mix", second);
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            Assert.Contains("a mix is running", await busy.Content.ReadAsStringAsync());
        }
        await page.WaitForSelectorAsync("#mix[data-state=done]", new PageWaitForSelectorOptions { Timeout = 180000 });

        // Every figure within the tolerance of its target, as the page's hooks show it.
        var tolerance = new Dictionary<string, Func<double, double, bool>>
        {
            ["integrated_lufs"] = (m, t) => Math.Abs(m - t) <= 0.2,
            ["spectral_centroid_hz"] = (m, t) => Math.Abs(m / t - 1) <= 0.05,
            ["ms_ratio"] = (m, t) => Math.Abs(m - t) <= 0.03,
            ["true_peak_dbtp"] = (m, t) => m <= -1.0 && t == -1.0,
        };
        Assert.Equal(4, await page.Locator("#compliance [data-figure]").CountAsync());
        foreach (var (figure, within) in tolerance)
        {
            var meter = page.Locator($"#compliance [data-figure={figure}]");
            double measured = Number(await meter.GetAttributeAsync("data-measured")), target = Number(await meter.GetAttributeAsync("data-target"));
            Assert.Equal("true", await meter.GetAttributeAsync("data-ok"));
            Assert.True(within(measured, target), $"{figure}: {measured} against {target}");
        }
        Assert.Equal(-9.5, Number(await page.GetAttributeAsync("[data-figure=integrated_lufs]", "data-target")));
        Assert.Equal(2800, Number(await page.GetAttributeAsync("[data-figure=spectral_centroid_hz]", "data-target")));
        Assert.Equal(0.6, Number(await page.GetAttributeAsync("[data-figure=ms_ratio]", "data-target")));
        // The player has the mix: chromium reads its length from the WAV it streams.
        await page.WaitForFunctionAsync("() => document.getElementById('player').duration > 0", null, new PageWaitForFunctionOptions { Timeout = 20000 });
        Assert.Equal(Seconds, await page.EvaluateAsync<double>("() => document.getElementById('player').duration"), 2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppTests.Screenshots, "mix.png"), FullPage = true });

        // The downloads: the mix as a stereo WAV of the stems' length, the parameters naming the four stems.
        var mixDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-mix"));
        Assert.Equal("mix.wav", mixDownload.SuggestedFilename);
        string mix = _dir.File("downloaded-mix.wav");
        await mixDownload.SaveAsAsync(mix);
        using (var reader = AudioFile.OpenRead(mix))
        {
            Assert.Equal((2, Rate), (reader.Channels, reader.SampleRateHz));
            Assert.Equal((long)(Seconds * Rate), reader.FrameCount);
        }
        var paramsDownload = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-params"));
        Assert.Equal("PARAMS.json", paramsDownload.SuggestedFilename);
        string parameters = _dir.File("PARAMS.json");
        await paramsDownload.SaveAsAsync(parameters);
        var document = JsonDocument.Parse(File.ReadAllText(parameters)).RootElement;
        Assert.Equal("rock_punk", document.GetProperty("style").GetString());
        Assert.Equal(stems.Select(Path.GetFileNameWithoutExtension), document.GetProperty("stems").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(stems.Select(Path.GetFileName), document.GetProperty("stems").EnumerateArray().Select(s => s.GetProperty("file").GetString()));
        string rpp = await server.Client.GetStringAsync(await page.GetAttributeAsync("#download-reaper", "href"));
        Assert.StartsWith("<REAPER_PROJECT", rpp);
        Assert.Contains("FILE \"drums.wav\"", rpp);   // found beside the project, where the person keeps the stems

        // A new job (from anywhere: the page follows the server's) replaces the last: its files and folder go.
        string[] Folders() => Directory.GetDirectories(Path.GetTempPath(), $"autofoh-mix-{server.ProcessId}-*");
        string first = Assert.Single(Folders());
        string oldMix = (await page.GetAttributeAsync("#download-mix", "href"))!;
        var others = TestStems.Write(_dir.File("stems2"), TestStems.Generate(TestStemKind.Band, 2, 2, Rate, seed: 5), Rate);
        using (var form = new MultipartFormDataContent { { new StringContent("country_pop"), "style" } })
        {
            foreach (var path in others) form.Add(new ByteArrayContent(File.ReadAllBytes(path)), "stems", Path.GetFileName(path));
            Assert.Equal(HttpStatusCode.Accepted, (await server.Client.PostAsync("/api/mix", form)).StatusCode);
        }
        await page.WaitForSelectorAsync("#mix[data-state=done] [data-figure=ms_ratio][data-target='0.7']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 120000 });
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(oldMix)).StatusCode);
        Assert.NotEqual(first, Assert.Single(Folders()));
        // ...and stopping the server (SIGTERM, as a service manager does) removes the last.
        server.Stop();
        Assert.Empty(Folders());
    }

    [Fact]
    public async Task Bad_mix_requests_get_one_line_and_400_or_413_and_leave_the_server_idle()
    {
        var stem = TestStems.Write(_dir.File("one"), TestStems.Generate(TestStemKind.Band, 1, 1, Rate, seed: 1), Rate)[0];
        using var server = Serve(UntrainedPredictor());

        static async Task<string> Refused(WebServerProcess server, HttpStatusCode expected, MultipartFormDataContent form)
        {
            using (form)
            {
                var response = await server.Client.PostAsync("/api/mix", form);
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
                string error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
                Assert.DoesNotContain('\n', error);
                return error;
            }
        }
        MultipartFormDataContent Form(string style, params (string Name, byte[] Bytes)[] files)
        {
            var form = new MultipartFormDataContent { { new StringContent(style), "style" } };
            foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "stems", name);
            return form;
        }
        var stemBytes = File.ReadAllBytes(stem);

        Assert.StartsWith("no stems", await Refused(server, HttpStatusCode.BadRequest, Form("rock_punk")));
        var many = Enumerable.Range(1, 65).Select(i => ($"stem{i}.wav", "RIFF"u8.ToArray())).ToArray();   // counted before anything is read
        Assert.Equal("65 stems uploaded; a mix takes at most 64", await Refused(server, HttpStatusCode.BadRequest, Form("rock_punk", many)));
        Assert.StartsWith("unknown style 'polka'", await Refused(server, HttpStatusCode.BadRequest, Form("polka", ("drums.wav", stemBytes))));
        Assert.StartsWith("notes.txt: not an audio file", await Refused(server, HttpStatusCode.BadRequest, Form("rock_punk", ("notes.txt", "hello"u8.ToArray()))));
        Assert.StartsWith("notes.wav: not an audio file", await Refused(server, HttpStatusCode.BadRequest, Form("rock_punk", ("drums.wav", stemBytes), ("notes.wav", "hello"u8.ToArray()))));

        // An upload over the size limit, refused from its Content-Length.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /api/mix HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {600L << 20}\r\n\r\n"));
            var buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer);
            string answer = Encoding.ASCII.GetString(buffer, 0, read);
            Assert.StartsWith("HTTP/1.1 413", answer);
            Assert.Contains("limit", answer);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/mix/0123456789ab/mix.wav")).StatusCode);
        var status = JsonDocument.Parse(await server.Client.GetStringAsync("/api/mix/status")).RootElement;
        Assert.Equal("idle", status.GetProperty("state").GetString());

        // Without the predictor the page's requests are refused, and say where it was looked for.
        using var bare = Serve(_dir.File("missing.safetensors"));
        Assert.Contains("missing.safetensors: mix predictor not found", await Refused(bare, HttpStatusCode.ServiceUnavailable, Form("rock_punk", ("drums.wav", stemBytes))));
    }
}

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>
/// Who may talk to the app: the laptop itself (loopback) always; with <see cref="WebOptions.Lan"/>, a phone that
/// brought the pairing code (<c>?pair=CODE</c>, then a cookie); nobody else. Also the laptop-only pairing
/// endpoints: the code and the LAN addresses, and a QR code of the first address.
/// </summary>
public static class Pairing
{
    public const string Cookie = "autofoh-pair";

    /// <summary>Refuses (401) every request that is neither from the laptop nor paired.</summary>
    public static void UseRequirePairing(this WebApplication app, WebOptions options) => app.Use(async (context, next) =>
    {
        if (!IsPaired(context, options))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("This AutoFOH needs its pairing code: open the address shown on the laptop (…?pair=CODE).");
            return;
        }
        await next();
    });

    /// <summary><c>/api/pairing</c> (the code and the phones' addresses) and <c>/api/pairing/qr.svg</c>, for the laptop only.</summary>
    public static void MapPairing(this WebApplication app, WebOptions options)
    {
        app.MapGet("/api/pairing", (HttpContext context) => IsLoopback(context)
            ? Results.Json(new { lan = options.Lan, code = options.Lan ? options.PairingCode : null, urls = options.Lan ? LanUrls(options) : [] })
            : Results.StatusCode(StatusCodes.Status403Forbidden));
        app.MapGet("/api/pairing/qr.svg", (HttpContext context) =>
        {
            if (!IsLoopback(context) || !options.Lan) return Results.NotFound();
            var urls = LanUrls(options);
            if (urls.Length == 0) return Results.NotFound();
            return Results.Content(QrSvg(urls[0]), "image/svg+xml");
        });
    }

    public static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    public static bool IsPaired(HttpContext context, WebOptions options)
    {
        if (IsLoopback(context)) return true;
        if (!options.Lan) return false;
        if (context.Request.Query.TryGetValue("pair", out var code) && FixedEquals(code.ToString(), options.PairingCode))
        {
            context.Response.Cookies.Append(Cookie, options.PairingCode, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
            return true;
        }
        return context.Request.Cookies.TryGetValue(Cookie, out var cookie) && FixedEquals(cookie ?? "", options.PairingCode);
    }

    /// <summary>The addresses a phone on this network opens: every IPv4 address of an interface that is up, with the pairing code.</summary>
    public static string[] LanUrls(WebOptions options) => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
        .Select(a => $"http://{a.Address}:{options.Port}{options.HomePath}?pair={options.PairingCode}").ToArray();

    private static string QrSvg(string url)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(8);
    }

    private static bool FixedEquals(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoFoh.Web;

/// <summary>The event streams of every page (soundcheck, live, mix): server-sent events over an <see cref="EventFeed"/> subscription.</summary>
public static class ServerSentEvents
{
    /// <summary>Server-sent events: the state, then every message; the browser reconnects by itself.</summary>
    public static async Task Stream(HttpContext context, Func<(ChannelReader<string> Reader, IDisposable Lease)> subscribe)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // A stream ends when the page goes or the server stops (else shutting down would wait for every open page).
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var (reader, lease) = subscribe();
        using (lease)
        {
            try
            {
                await context.Response.WriteAsync("retry: 1000\n\n", ended.Token);
                await foreach (var message in reader.ReadAllAsync(ended.Token))
                {
                    await context.Response.WriteAsync($"data: {message}\n\n", ended.Token);
                    await context.Response.Body.FlushAsync(ended.Token);
                }
            }
            catch (OperationCanceledException) { }
        }
    }
}

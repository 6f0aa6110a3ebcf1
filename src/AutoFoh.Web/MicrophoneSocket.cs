using System.Buffers.Binary;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutoFoh.Web;

/// <summary>
/// The laptop's microphone on <c>/ws/microphone</c>: binary messages of 32-bit float samples (little-endian) at the
/// reference's rate (<c>?rate=HZ</c> is checked against it when given). One microphone at a time (409 for a second
/// one). A text message, a message that is not whole samples, a sample that is not a number or a message over
/// <see cref="WebOptions.MaxFrameBytes"/> closes the connection with a reason.
/// </summary>
public static class MicrophoneSocket
{
    public static void MapMicrophone(this WebApplication app, SoundcheckSession session, WebOptions options) =>
        app.Map("/ws/microphone", async (HttpContext context) => await Receive(context, session, options));

    private static async Task Receive(HttpContext context, SoundcheckSession session, WebOptions options)
    {
        if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = StatusCodes.Status400BadRequest; await context.Response.WriteAsync("a WebSocket is expected here"); return; }
        if (context.Request.Query.TryGetValue("rate", out var rateText) && (!int.TryParse(rateText, out int rate) || rate != session.SampleRateHz) && session.SampleRateHz > 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"the microphone streams at {rateText} Hz; this soundcheck needs {session.SampleRateHz} Hz");
            return;
        }
        if (!session.TryStartMicrophone(out string? error))
        {
            context.Response.StatusCode = error!.Contains("already") ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error);
            return;
        }
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[options.MaxFrameBytes];
            var samples = new float[options.MaxFrameBytes / 4];
            while (socket.State == WebSocketState.Open)
            {
                int filled = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (filled == buffer.Length) { await Close(session, socket, WebSocketCloseStatus.MessageTooBig, $"a message is at most {options.MaxFrameBytes} bytes"); return; }
                    result = await socket.ReceiveAsync(buffer.AsMemory(filled), context.RequestAborted);
                    filled += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close) { session.StopMicrophone(); await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); return; }
                if (result.MessageType != WebSocketMessageType.Binary || filled % 4 != 0) { await Close(session, socket, WebSocketCloseStatus.InvalidPayloadData, "send 32-bit float samples in binary messages"); return; }
                int count = filled / 4;
                for (int i = 0; i < count; i++) samples[i] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(4 * i, 4));
                for (int i = 0; i < count; i++) if (!float.IsFinite(samples[i])) { await Close(session, socket, WebSocketCloseStatus.InvalidPayloadData, "samples must be numbers"); return; }
                session.AddMicrophoneSamples(samples.AsSpan(0, count));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        finally
        {
            session.StopMicrophone();
        }
    }

    /// <summary>Frees the microphone first (so a reconnect right after the close is accepted), then closes.</summary>
    private static async Task Close(SoundcheckSession session, WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        session.StopMicrophone();
        try { await socket.CloseAsync(status, reason, CancellationToken.None); } catch (WebSocketException) { }
    }
}

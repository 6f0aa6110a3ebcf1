using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;

namespace AutoFoh.Testing.Jack;

/// <summary>
/// The engine on a JACK server as a stage would see it, with the stage replaced by two clients: a player feeding
/// every engine input (its port c into the engine's in_c) and a recorder on the engine's first output. All three
/// are active and connected when <see cref="Open"/> returns, after a second for the server to settle
/// (connecting reorders the graph, and the xruns that causes are reported a little later). The end-to-end test
/// and the JACK soak run on it.
/// </summary>
public sealed class PlaybackRig : IDisposable
{
    /// <summary>The engine's client: in_1..in_N, and out (mono) or out_L/out_R.</summary>
    public JackClient Engine { get; }
    public JackClient Player { get; }
    public JackClient Recorder { get; }

    private PlaybackRig(JackClient engine, JackClient player, JackClient recorder) => (Engine, Player, Recorder) = (engine, player, recorder);

    public static PlaybackRig Open(string serverName, LiveEngine engine, int channels, int outputs, MultitrackPlayer player, PortRecorder recorder)
    {
        var clients = new List<JackClient>();
        try
        {
            clients.Add(JackClient.Open("autofoh", Enumerable.Range(1, channels).Select(c => $"in_{c}").ToList(),
                outputs == 1 ? ["out"] : ["out_L", "out_R"], new EngineJackProcessor(engine), serverName));
            clients.Add(JackClient.Open("player", [], Enumerable.Range(1, channels).Select(c => $"out_{c}").ToList(), player, serverName));
            clients.Add(JackClient.Open("recorder", ["in"], [], recorder, serverName));
            foreach (var client in clients) client.Activate();
            var rig = new PlaybackRig(clients[0], clients[1], clients[2]);
            for (int c = 0; c < channels; c++) rig.Engine.Connect(rig.Player.OutputPorts[c], rig.Engine.InputPorts[c]);
            rig.Engine.Connect(rig.Engine.OutputPorts[0], rig.Recorder.InputPorts[0]);
            Thread.Sleep(1000);
            return rig;
        }
        catch
        {
            foreach (var client in clients) client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Recorder.Dispose();
        Player.Dispose();
        Engine.Dispose();
    }
}

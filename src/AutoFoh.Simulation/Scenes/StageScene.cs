using AutoFoh.Dsp.Filters;
using AutoFoh.Simulation.Rooms;

namespace AutoFoh.Simulation.Scenes;

/// <summary>
/// A band on stage in a room: every instrument (its amplifier or voice) at a position, a close microphone
/// in front of each, and a listening position in the audience where the laptop stands. Renders the
/// pressure at any microphone as the sum of every source convolved with its room impulse response, so
/// close microphones carry bleed from the others and the laptop hears the room.
/// </summary>
public sealed class StageScene
{
    private readonly Dictionary<(int Source, string Receiver), float[]> _responses = [];

    public StageScene(ShoeboxRoom room, IReadOnlyList<string> instruments, IReadOnlyList<Point3> sources, Point3 laptop,
        IReadOnlyList<Point3>? closeMicrophones = null, int sampleRateHz = 44100, double responseSeconds = 0)
    {
        if (instruments.Count != sources.Count) throw new ArgumentException($"{instruments.Count} instruments for {sources.Count} positions");
        Room = room;
        Instruments = instruments.ToArray();
        Sources = sources.ToArray();
        Laptop = laptop;
        CloseMicrophones = closeMicrophones?.ToArray() ?? [];
        SampleRateHz = sampleRateHz;
        ResponseSeconds = responseSeconds > 0 ? responseSeconds : Math.Min(2.0, 1.2 * room.EyringRt60Seconds);
    }

    public ShoeboxRoom Room { get; }
    public IReadOnlyList<string> Instruments { get; }
    public IReadOnlyList<Point3> Sources { get; }
    public Point3 Laptop { get; }
    public IReadOnlyList<Point3> CloseMicrophones { get; }
    public int SampleRateHz { get; }
    public double ResponseSeconds { get; }

    /// <summary>
    /// A typical small-bar scene drawn from <paramref name="random"/>: a room of 8-16 m by 6-10 m by 3-5 m
    /// with RT60 0.3-0.9 s, the band across a stage at one end, close microphones 0.15-0.3 m in front of each
    /// source, and the laptop 4-9 m away in the audience area at table height.
    /// </summary>
    public static StageScene RandomBar(IReadOnlyList<string> instruments, Random random, int sampleRateHz = 44100)
    {
        double length = 8 + 8 * random.NextDouble(), width = 6 + 4 * random.NextDouble(), height = 3 + 2 * random.NextDouble();
        var room = ShoeboxRoom.WithRt60(length, width, height, 0.3 + 0.6 * random.NextDouble());
        var sources = new List<Point3>();
        var mics = new List<Point3>();
        for (int i = 0; i < instruments.Count; i++)
        {
            double y = width * (0.2 + 0.6 * (i + 0.5) / instruments.Count) + 0.3 * (random.NextDouble() - 0.5);
            var source = new Point3(1.0 + 1.5 * random.NextDouble(), y, 0.6 + 1.0 * random.NextDouble());
            sources.Add(source);
            mics.Add(source with { X = source.X + 0.15 + 0.15 * random.NextDouble() });
        }
        var laptop = new Point3(Math.Min(length - 0.5, 5 + 4 * random.NextDouble()), width * (0.3 + 0.4 * random.NextDouble()), 0.8);
        return new StageScene(room, instruments, sources, laptop, mics, sampleRateHz);
    }

    public float[] ImpulseResponse(int source, Point3 receiver, string key)
    {
        lock (_responses)
        {
            if (_responses.TryGetValue((source, key), out var cached)) return cached;
        }
        var response = ImageSourceModel.ImpulseResponse(Room, Sources[source], receiver, SampleRateHz, ResponseSeconds);
        lock (_responses) _responses[(source, key)] = response;
        return response;
    }

    /// <summary>The pressure at <paramref name="receiver"/>: Σ sources ∗ their responses, as long as the longest source.</summary>
    public float[] Render(IReadOnlyList<float[]> sourceSignals, Point3 receiver, string key)
    {
        if (sourceSignals.Count != Sources.Count) throw new ArgumentException($"{sourceSignals.Count} signals for {Sources.Count} sources");
        int length = sourceSignals.Max(s => s.Length);
        var output = new float[length];
        for (int i = 0; i < sourceSignals.Count; i++)
            new FftConvolver(ImpulseResponse(i, receiver, key)).ConvolveAdd(sourceSignals[i], output, 1f);
        return output;
    }

    /// <summary>
    /// One source alone as the laptop's microphone records it, before its noise: <paramref name="dry"/>
    /// times <paramref name="gainDb"/>, through the room and the microphone's second-order high-pass at
    /// <paramref name="highPassHz"/>, <paramref name="length"/> samples (the room is linear, so a band is
    /// the sum of these plus the microphone's noise).
    /// </summary>
    public float[] CaptureAtLaptop(int source, ReadOnlySpan<float> dry, int length, double gainDb, double highPassHz)
    {
        var output = new float[length];
        new FftConvolver(ImpulseResponse(source, Laptop, "laptop")).ConvolveAdd(dry, output, (float)Math.Pow(10, gainDb / 20));
        new Biquad(BiquadCoefficients.HighPass(highPassHz, SampleRateHz)).Process(output);
        return output;
    }

    /// <summary>What the laptop's position hears (before the microphone's own colouring and noise).</summary>
    public float[] RenderAtLaptop(IReadOnlyList<float[]> sourceSignals) => Render(sourceSignals, Laptop, "laptop");

    /// <summary>Close microphone <paramref name="index"/>: its instrument plus bleed of every other one.</summary>
    public float[] RenderCloseMicrophone(IReadOnlyList<float[]> sourceSignals, int index) => Render(sourceSignals, CloseMicrophones[index], $"close{index}");
}

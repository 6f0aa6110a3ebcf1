using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// Renders a mix offline, in blocks of <see cref="BlockFrames"/>: <c>RenderBus</c> runs every stem
/// through its <see cref="ChannelStrip"/>, sums them with the <see cref="Freeverb"/> return (the sum of the
/// strips' sends through the shared reverb) into the stereo bus; <c>Master</c> runs the bus through the
/// <see cref="MasterChain"/>. The two are separate so that a solver can master one fixed bus many times.
/// Every output has the input's length and sample n of the output belongs to sample n of the input: the
/// limiter's latency is compensated and the limiter flushed at the end. Reverb tails past the end are cut.
/// A master that starts or ends loud enough for the cut to ring over the ceiling is faded there
/// (<see cref="EdgeFade"/>, 2 ms at first); other edges are untouched.
/// </summary>
public static class MixRenderer
{
    public const int BlockFrames = 4096;

    /// <summary>The stereo bus (strips plus reverb return) before the master, as [left, right].</summary>
    /// <param name="stems">Each stem as planar channels (1 or 2), all of the same length, in the order of the strips.</param>
    public static float[][] RenderBus(IReadOnlyList<float[][]> stems, int sampleRateHz, MixParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(stems);
        ArgumentNullException.ThrowIfNull(parameters);
        int frames = CheckStems(stems, sampleRateHz, parameters);
        return RenderBus(stems.Select(s => (IStemReader)new ArrayStemReader(s)).ToList(), frames, sampleRateHz, parameters);
    }

    /// <summary>
    /// The bus from stems streamed block by block (files, or arrays), so memory holds the stereo bus and one block
    /// per stem, never the stems themselves.
    /// </summary>
    public static float[][] RenderBus(IReadOnlyList<IStemReader> stems, long frames, int sampleRateHz, MixParameters parameters, IProgress<double>? progress = null)
    {
        if (stems.Count != parameters.Strips.Count)
            throw new ArgumentException($"{stems.Count} stems but {parameters.Strips.Count} channel strips: one strip per stem, in order", nameof(stems));
        var strips = new ChannelStrip[stems.Count];
        for (int s = 0; s < strips.Length; s++)
        {
            strips[s] = new ChannelStrip(parameters.Strips[s], stems[s].Channels);
            strips[s].Prepare(sampleRateHz, BlockFrames);
        }
        bool anySend = strips.Any(s => s.HasSend) && parameters.Reverb.ReturnDb > double.NegativeInfinity;
        var reverb = new Freeverb(parameters.Reverb);
        if (anySend) reverb.Prepare(sampleRateHz, BlockFrames);

        var bus = new[] { new float[frames], new float[frames] };
        var input = new[] { new float[BlockFrames], new float[BlockFrames] };
        var sendLeft = new float[BlockFrames];
        var sendRight = new float[BlockFrames];
        for (int start = 0; start < frames; start += BlockFrames)
        {
            int count = (int)Math.Min(BlockFrames, frames - start);
            var mixLeft = bus[0].AsSpan(start, count);
            var mixRight = bus[1].AsSpan(start, count);
            var sendL = sendLeft.AsSpan(0, count);
            var sendR = sendRight.AsSpan(0, count);
            sendL.Clear();
            sendR.Clear();
            for (int s = 0; s < strips.Length; s++)
            {
                stems[s].Read(input, count);
                strips[s].Process(input[0].AsSpan(0, count), stems[s].Channels == 2 ? input[1].AsSpan(0, count) : [],
                    mixLeft, mixRight, sendL, sendR);
            }
            if (progress is not null && start / BlockFrames % 64 == 0) progress.Report(start / (double)frames);
            if (!anySend) continue;
            reverb.Process(sendL, sendR);
            for (int n = 0; n < count; n++)
            {
                mixLeft[n] += sendL[n];
                mixRight[n] += sendR[n];
            }
        }
        progress?.Report(1);
        return bus;
    }

    /// <summary>The mastered stereo output of <paramref name="bus"/> ([left, right]), same length, latency-compensated.</summary>
    public static float[][] Master(float[][] bus, int sampleRateHz, MasterParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var output = new[] { new float[bus[0].Length], new float[bus[0].Length] };
        Master(bus, sampleRateHz, parameters, output);
        return output;
    }

    /// <summary>Masters <paramref name="bus"/> into <paramref name="output"/> (two arrays of the bus's length), which a solver can reuse.</summary>
    public static void Master(float[][] bus, int sampleRateHz, MasterParameters parameters, float[][] output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length != 2 || output[0].Length != bus[0].Length || output[1].Length != bus[0].Length)
            throw new ArgumentException($"the output must be two channels of the bus's {bus[0].Length} frames", nameof(output));
        int position = 0;
        Master(bus, sampleRateHz, parameters, (left, right) =>
        {
            left.CopyTo(output[0].AsSpan(position));
            right.CopyTo(output[1].AsSpan(position));
            position += left.Length;
        });
    }

    /// <summary>Receives the mastered output block by block, in order (the blocks together are the bus's length).</summary>
    public delegate void BlockSink(ReadOnlySpan<float> left, ReadOnlySpan<float> right);

    /// <summary>Masters <paramref name="bus"/> block by block into <paramref name="sink"/> (a file writer, a meter), holding nothing else.</summary>
    public static void Master(float[][] bus, int sampleRateHz, MasterParameters parameters, BlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(parameters);
        if (bus.Length != 2 || bus[0].Length != bus[1].Length) throw new ArgumentException($"the bus must be two channels of one length, got {bus.Length} channel(s)", nameof(bus));
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        var chain = new MasterChain(parameters);
        chain.Prepare(sampleRateHz, BlockFrames);
        int frames = bus[0].Length, latency = chain.LatencyFrames;
        var edges = new EdgeHold(frames, sampleRateHz, parameters.Limiter.CeilingDbtp, sink);
        var left = new float[BlockFrames];
        var right = new float[BlockFrames];
        // Feed the bus, then latency frames of silence to flush the limiter; output frame n comes out
        // `latency` frames after input frame n went in.
        for (int start = 0; start < frames + latency; start += BlockFrames)
        {
            int count = Math.Min(BlockFrames, frames + latency - start);
            int fromBus = Math.Clamp(frames - start, 0, count);
            bus[0].AsSpan(Math.Min(start, frames), fromBus).CopyTo(left);
            bus[1].AsSpan(Math.Min(start, frames), fromBus).CopyTo(right);
            left.AsSpan(fromBus, count - fromBus).Clear();
            right.AsSpan(fromBus, count - fromBus).Clear();
            chain.Process(left.AsSpan(0, count), right.AsSpan(0, count));
            // Block frames [0, count) are output frames [start − latency, start − latency + count).
            int skip = Math.Max(0, latency - start);
            int first = start + skip - latency;
            int take = Math.Min(count - skip, frames - first);
            if (take <= 0) continue;
            edges.Add(left.AsSpan(skip, take), right.AsSpan(skip, take));
        }
        edges.Finish();
    }

    /// <summary>
    /// Passes the master's output on to a sink, holding back the frames at each end until <see cref="EdgeFade"/> has
    /// judged (and if need be faded) them: the first <see cref="Hold"/> frames, and always the latest <see cref="Hold"/>.
    /// </summary>
    private sealed class EdgeHold(int frames, int sampleRateHz, double ceilingDbtp, BlockSink sink)
    {
        private const int Hold = 2 * EdgeFade.MaxFadeFrames;
        private readonly float[][] _pending = [new float[Hold + 2 * BlockFrames], new float[Hold + 2 * BlockFrames]];
        private readonly float[][] _whole = frames <= 3 * Hold ? [new float[frames], new float[frames]] : [];
        private int _count, _emitted;

        public void Add(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
        {
            if (_whole.Length > 0)
            {
                left.CopyTo(_whole[0].AsSpan(_count));
                right.CopyTo(_whole[1].AsSpan(_count));
                _count += left.Length;
                return;
            }
            left.CopyTo(_pending[0].AsSpan(_count));
            right.CopyTo(_pending[1].AsSpan(_count));
            _count += left.Length;
            if (_count <= Hold) return;
            if (_emitted == 0) FadeEdge(start: true);
            int release = _count - Hold;
            sink(_pending[0].AsSpan(0, release), _pending[1].AsSpan(0, release));
            _emitted += release;
            for (int c = 0; c < 2; c++) _pending[c].AsSpan(release, Hold).CopyTo(_pending[c]);
            _count = Hold;
        }

        public void Finish()
        {
            if (_whole.Length > 0)
            {
                EdgeFade.Apply(_whole, sampleRateHz, ceilingDbtp);
                sink(_whole[0], _whole[1]);
                return;
            }
            FadeEdge(start: false);
            sink(_pending[0].AsSpan(0, _count), _pending[1].AsSpan(0, _count));
        }

        private void FadeEdge(bool start)
        {
            float[][] edge = [_pending[0][.._count], _pending[1][.._count]];
            if (!EdgeFade.ApplyEdge(edge, sampleRateHz, ceilingDbtp, start)) return;
            for (int c = 0; c < 2; c++) edge[c].CopyTo(_pending[c], 0);
        }
    }

    /// <summary>The finished mix: <see cref="Master(float[][], int, MasterParameters)"/> of <see cref="RenderBus(IReadOnlyList{float[][]}, int, MixParameters)"/>.</summary>
    public static float[][] Render(IReadOnlyList<float[][]> stems, int sampleRateHz, MixParameters parameters) =>
        Master(RenderBus(stems, sampleRateHz, parameters), sampleRateHz, parameters.Master);

    private static int CheckStems(IReadOnlyList<float[][]> stems, int sampleRateHz, MixParameters parameters)
    {
        if (sampleRateHz <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be positive");
        if (stems.Count == 0) throw new ArgumentException("no stems to mix", nameof(stems));
        if (stems.Count != parameters.Strips.Count)
            throw new ArgumentException($"{stems.Count} stems but {parameters.Strips.Count} channel strips: one strip per stem, in order", nameof(stems));
        int frames = -1;
        for (int s = 0; s < stems.Count; s++)
        {
            string name = parameters.Strips[s].Stem;
            var stem = stems[s] ?? throw new ArgumentException($"stem {s + 1} ({name}) is missing", nameof(stems));
            if (stem.Length is not (1 or 2)) throw new ArgumentException($"stem {s + 1} ({name}) has {stem.Length} channels; a stem is mono or stereo", nameof(stems));
            if (stem.Length == 2 && stem[1].Length != stem[0].Length)
                throw new ArgumentException($"stem {s + 1} ({name}): its channels differ in length ({stem[0].Length} and {stem[1].Length} frames)", nameof(stems));
            if (frames < 0) frames = stem[0].Length;
            else if (stem[0].Length != frames)
                throw new ArgumentException($"stem {s + 1} ({name}) has {stem[0].Length} frames, stem 1 ({parameters.Strips[0].Stem}) has {frames}: stems must be of one length", nameof(stems));
        }
        return frames;
    }
}

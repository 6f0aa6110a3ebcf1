using AutoFoh.Dsp.Analysis;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// Runs the <see cref="MasterChain"/> over a whole bus, latency compensated (output sample n lines up with bus sample
/// n, the limiter flushed at the end), handing the result to a sink block by block so nothing but the bus is held.
///
/// The chain is split in two for the solver: the dynamics (input gain and bus compressor) do not depend on what the
/// solver changes, so they run once (<see cref="ApplyDynamics"/>), and the tone, width and limiter run on the result
/// for every pass (<see cref="RenderTone"/>). The two together compute exactly what <see cref="MasterChain"/> computes
/// in one go: the same units, sample by sample, in the same order.
/// </summary>
public static class MasterRenderer
{
    public const int BlockFrames = 4096;

    public delegate void BlockSink(ReadOnlySpan<float> left, ReadOnlySpan<float> right);

    /// <summary>Input gain, then the bus compressor, in place.</summary>
    public static void ApplyDynamics(float[] left, float[] right, MasterParameters master, int sampleRateHz)
    {
        // The same units and arithmetic as the first two stages of MasterChain.Process.
        var compressor = new Compressor(master.BusCompressor);
        compressor.Prepare(sampleRateHz, BlockFrames);
        float gain = (float)Math.Pow(10, master.InputGainDb / 20);
        for (int start = 0; start < left.Length; start += BlockFrames)
        {
            int n = Math.Min(BlockFrames, left.Length - start);
            var l = left.AsSpan(start, n);
            var r = right.AsSpan(start, n);
            if (gain != 1)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(l, gain, l);
                System.Numerics.Tensors.TensorPrimitives.Multiply(r, gain, r);
            }
            compressor.Process(l, r);
        }
    }

    /// <summary>Tilt EQ, width and limiter of <paramref name="master"/> over a signal that has had its dynamics; the output goes to <paramref name="sink"/>.</summary>
    public static void RenderTone(float[] left, float[] right, MasterParameters master, int sampleRateHz, BlockSink sink)
    {
        var chain = new MasterChain(master with { InputGainDb = 0, BusCompressor = CompressorSettings.Off });
        chain.Prepare(sampleRateHz, BlockFrames);
        int latency = chain.LatencyFrames;
        long total = left.Length;
        var l = new float[BlockFrames];
        var r = new float[BlockFrames];
        long fed = 0, delivered = 0, produced = 0;
        while (delivered < total)
        {
            int n = BlockFrames;
            // Feed the bus, then zeros to flush the look-ahead.
            int real = (int)Math.Clamp(total - fed, 0, n);
            left.AsSpan((int)Math.Min(fed, total), real).CopyTo(l);
            right.AsSpan((int)Math.Min(fed, total), real).CopyTo(r);
            l.AsSpan(real).Clear();
            r.AsSpan(real).Clear();
            fed += n;
            chain.Process(l, r);
            // Output frames [produced, produced + n) correspond to input frames [produced − latency, ...).
            long firstWanted = Math.Max(produced, latency);
            int skip = (int)(firstWanted - produced);
            int take = (int)Math.Min(n - skip, total - delivered);
            if (take > 0)
            {
                sink(l.AsSpan(skip, take), r.AsSpan(skip, take));
                delivered += take;
            }
            produced += n;
        }
    }

    /// <summary>The whole chain over a bus (left untouched), to a sink.</summary>
    public static void Render(float[][] bus, MasterParameters master, int sampleRateHz, BlockSink sink)
    {
        var left = (float[])bus[0].Clone();
        var right = (float[])bus[1].Clone();
        ApplyDynamics(left, right, master, sampleRateHz);
        RenderTone(left, right, master, sampleRateHz, sink);
    }

    /// <summary>A sink that measures what passes through it (the figures <c>autofoh analyze</c> reports).</summary>
    public sealed class Measurer
    {
        private readonly SignalAnalyzer _analyzer;
        private float[] _interleaved = new float[2 * BlockFrames];

        public Measurer(int sampleRateHz) => _analyzer = new SignalAnalyzer(sampleRateHz, 2);

        public void Add(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
        {
            if (_interleaved.Length < 2 * left.Length) _interleaved = new float[2 * left.Length];
            for (int k = 0; k < left.Length; k++) { _interleaved[2 * k] = left[k]; _interleaved[2 * k + 1] = right[k]; }
            _analyzer.Process(_interleaved.AsSpan(0, 2 * left.Length));
        }

        public MixMeasurement Result()
        {
            var report = _analyzer.Report();
            return new MixMeasurement(report.IntegratedLufs, report.SpectralCentroidHz, report.MsRatio, report.TruePeakDbtp);
        }
    }
}

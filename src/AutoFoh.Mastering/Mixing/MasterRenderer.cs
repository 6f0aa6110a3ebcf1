using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// The master chain split for the solver.
///
/// The chain is split in two for the solver: the dynamics (input gain and bus compressor) do not depend on what the
/// solver changes, so they run once (<see cref="ApplyDynamics"/>), and the tone, width and limiter run on the result
/// for every pass (<see cref="RenderTone"/>, <see cref="MixRenderer.Master(float[][], int, MasterParameters, MixRenderer.BlockSink)"/> without its
/// first two units). The two together compute exactly what <see cref="MasterChain"/> computes in one go: the same
/// units, sample by sample, in the same order (a test holds them to it).
/// </summary>
public static class MasterRenderer
{
    public const int BlockFrames = 4096;

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
    public static void RenderTone(float[] left, float[] right, MasterParameters master, int sampleRateHz, MixRenderer.BlockSink sink) =>
        MixRenderer.Master([left, right], sampleRateHz, master with { InputGainDb = 0, BusCompressor = CompressorSettings.Off }, sink);
}

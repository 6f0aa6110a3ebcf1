using AutoFoh.Mastering.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// The mix bus before the master: every stem through its <see cref="ChannelStrip"/>, summed, plus the shared
/// <see cref="Freeverb"/> fed by the strips' sends and returned at its level. Stems are streamed block by block,
/// so memory holds the stereo bus and one block per stem, never the stems themselves.
/// </summary>
public static class BusRenderer
{
    public const int BlockFrames = 4096;

    public static float[][] Render(IReadOnlyList<IStemReader> stems, long frames, MixParameters parameters, int sampleRateHz, IProgress<double>? progress = null)
    {
        if (stems.Count != parameters.Strips.Count)
            throw new ArgumentException($"{stems.Count} stems but {parameters.Strips.Count} strips in the parameters");
        var strips = new ChannelStrip[stems.Count];
        for (int i = 0; i < strips.Length; i++)
        {
            strips[i] = new ChannelStrip(parameters.Strips[i], stems[i].Channels);
            strips[i].Prepare(sampleRateHz, BlockFrames);
        }
        var reverb = new Freeverb(parameters.Reverb);
        reverb.Prepare(sampleRateHz, BlockFrames);
        float returnGain = double.IsFinite(parameters.Reverb.ReturnDb) ? (float)Math.Pow(10, parameters.Reverb.ReturnDb / 20) : 0;
        bool anySend = strips.Any(s => s.HasSend) && returnGain > 0;

        var left = new float[frames];
        var right = new float[frames];
        var input = new[] { new float[BlockFrames], new float[BlockFrames] };
        var sendLeft = new float[BlockFrames];
        var sendRight = new float[BlockFrames];
        for (long start = 0; start < frames; start += BlockFrames)
        {
            int n = (int)Math.Min(BlockFrames, frames - start);
            var mixLeft = left.AsSpan((int)start, n);
            var mixRight = right.AsSpan((int)start, n);
            sendLeft.AsSpan(0, n).Clear();
            sendRight.AsSpan(0, n).Clear();
            for (int i = 0; i < strips.Length; i++)
            {
                stems[i].Read(input, n);
                strips[i].Process(input[0].AsSpan(0, n), strips[i].InputChannels == 2 ? input[1].AsSpan(0, n) : ReadOnlySpan<float>.Empty,
                    mixLeft, mixRight, sendLeft.AsSpan(0, n), sendRight.AsSpan(0, n));
            }
            if (anySend)
            {
                reverb.Process(sendLeft.AsSpan(0, n), sendRight.AsSpan(0, n));
                for (int k = 0; k < n; k++)
                {
                    mixLeft[k] += returnGain * sendLeft[k];
                    mixRight[k] += returnGain * sendRight[k];
                }
            }
            if (progress is not null && (start / BlockFrames) % 64 == 0) progress.Report(start / (double)frames);
        }
        progress?.Report(1);
        return [left, right];
    }
}

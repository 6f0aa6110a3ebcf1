using AutoFoh.LiveMix.Features;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;
using AutoFoh.Neural.Optim;

namespace AutoFoh.LiveMix.Training;

/// <summary>
/// One training example of a frame-level mixer, zero-latency: the features of frame k of every channel,
/// and frame k+1 of every channel and of the target, which the gains predicted from frame k are judged on.
/// </summary>
public sealed record MixExample(float[][] Features, float[][] NextChannels, float[] NextTarget);

/// <summary>Trains <see cref="DmcModel"/> with the MR-STFT loss (gradients per gain from <see cref="MultiResolutionStftLoss"/>).</summary>
public static class DmcTrainer
{
    /// <summary>The examples of one live multitrack at 16 kHz: consecutive 975 ms frames.</summary>
    public static List<MixExample> Examples(IReadOnlyList<float[]> channels, float[] target) => Examples(channels, channels, target, LogMelFrontEnd.SampleRateHz);

    /// <summary>
    /// The examples of one live multitrack: features of frame k from the 16 kHz channels, and frame k+1 of
    /// the channels and the target at their own rate (<paramref name="sampleRateHz"/>) to judge the gains on.
    /// </summary>
    public static List<MixExample> Examples(IReadOnlyList<float[]> channels16k, IReadOnlyList<float[]> native, float[] target, int sampleRateHz)
    {
        if (sampleRateHz != LogMelFrontEnd.SampleRateHz) return NativeExamples(channels16k, native, target, sampleRateHz);
        var channels = channels16k;
        int frame = LogMelFrontEnd.FrameSamples, frames = target.Length / frame;
        var features = new ChannelFeatures();
        var examples = new List<MixExample>();
        for (int k = 0; k + 1 < frames; k++)
        {
            var f = channels.Select(c => { var v = new float[ChannelFeatures.Size]; features.Compute(c.AsSpan(k * frame, frame), v); return v; }).ToArray();
            examples.Add(new MixExample(f, channels.Select(c => c.AsSpan((k + 1) * frame, frame).ToArray()).ToArray(), target.AsSpan((k + 1) * frame, frame).ToArray()));
        }
        return examples;
    }

    private static List<MixExample> NativeExamples(IReadOnlyList<float[]> channels16k, IReadOnlyList<float[]> native, float[] target, int rate)
    {
        int frame = LogMelFrontEnd.FrameSamples, frames = channels16k[0].Length / frame;
        int At(long t) => (int)Math.Min(target.Length, Math.Round(t * (double)rate / LogMelFrontEnd.SampleRateHz));
        var features = new ChannelFeatures();
        var examples = new List<MixExample>();
        for (int k = 0; k + 1 < frames; k++)
        {
            var f = channels16k.Select(c => { var v = new float[ChannelFeatures.Size]; features.Compute(c.AsSpan(k * frame, frame), v); return v; }).ToArray();
            int from = At((long)(k + 1) * frame), to = At((long)(k + 2) * frame);
            if (to - from < 4096) break;
            examples.Add(new MixExample(f, native.Select(c => c.AsSpan(from, to - from).ToArray()).ToArray(), target.AsSpan(from, to - from).ToArray()));
        }
        return examples;
    }

    /// <summary>Gains (dB) of every channel from the features of one frame.</summary>
    public static float[] Gains(DmcModel model, float[][] features)
    {
        var input = Tensor.FromArray(features.SelectMany(f => f).ToArray(), features.Length, ChannelFeatures.Size);
        return model.Forward(input).Data.ToArray();
    }

    /// <summary>Epochs of Adam over the examples in a seeded order; returns the mean loss of each epoch.</summary>
    public static List<double> Train(DmcModel model, IReadOnlyList<MixExample> examples, int epochs, double learningRate, int seed, IProgress<double>? progress = null)
    {
        if (examples.Count == 0) throw new ArgumentException("no training examples (each live multitrack needs at least two 975 ms frames)");
        var optimizer = new Adam(model.Parameters(), learningRate);
        var loss = new MultiResolutionStftLoss();
        var random = new Random(seed);
        var history = new List<double>();
        var order = Enumerable.Range(0, examples.Count).ToArray();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            foreach (int index in order)
            {
                var example = examples[index];
                int channels = example.Features.Length;
                var input = Tensor.FromArray(example.Features.SelectMany(f => f).ToArray(), channels, ChannelFeatures.Size);
                var gainsDb = model.Forward(input);
                var linear = gainsDb.Data.Select(db => Math.Pow(10, db / 20)).ToArray();
                var gradient = new double[channels];
                sum += loss.Evaluate(example.NextChannels, example.NextTarget, linear, gradient);
                // ∂loss/∂dB = ∂loss/∂g · g · ln10 / 20.
                var upstream = Enumerable.Range(0, channels).Select(c => (float)(gradient[c] * linear[c] * Math.Log(10) / 20)).ToArray();
                optimizer.ZeroGrad();
                gainsDb.Backward(Tensor.FromArray(upstream, channels, 1));
                optimizer.Step();
            }
            history.Add(sum / examples.Count);
            progress?.Report((epoch + 1) / (double)epochs);
        }
        return history;
    }
}

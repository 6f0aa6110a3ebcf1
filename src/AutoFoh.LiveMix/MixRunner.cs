namespace AutoFoh.LiveMix;

/// <summary>A whole mix of a mixer over recorded channels, block by block as a live host would call it.</summary>
public sealed record MixResult(float[] Output, float[][] GainsDb, int BlockSamples, int SampleRateHz);

/// <summary>The renderer: a mixer decides each block's gains, then the block is mixed with them.</summary>
public static class MixRunner
{
    /// <summary>Runs <paramref name="mixer"/> over equally long channels in blocks of <paramref name="blockSamples"/>.</summary>
    public static MixResult Run(ILiveMixer mixer, IReadOnlyList<float[]> channels, int sampleRateHz, int blockSamples = 256)
    {
        if (channels.Count == 0) throw new ArgumentException("no channels to mix");
        int length = channels[0].Length;
        for (int c = 1; c < channels.Count; c++)
            if (channels[c].Length != length) throw new ArgumentException($"channel {c + 1} has {channels[c].Length} samples, channel 1 has {length}: channels must be equally long");
        mixer.Prepare(sampleRateHz, channels.Count, blockSamples);
        var decided = new MixerGains(channels.Count, blockSamples);
        var output = new float[length];
        int blocks = (length + blockSamples - 1) / blockSamples;
        var gains = new float[blocks][];
        for (int b = 0; b < blocks; b++)
        {
            int start = b * blockSamples, count = Math.Min(blockSamples, length - start);
            mixer.Decide(channels, start, count, decided);
            Mix(channels, start, decided, mixer.Precision, output.AsSpan(start, count));
            gains[b] = decided.EndDb.ToArray();
        }
        return new MixResult(output, gains, blockSamples, sampleRateHz);
    }

    /// <summary>
    /// Sums samples [<paramref name="start"/>, start + output.Length) of <paramref name="inputs"/>, each times its
    /// gain in <paramref name="gains"/>, into <paramref name="output"/> in <paramref name="precision"/>. A sample
    /// that is not a number is silence.
    /// </summary>
    public static void Mix(IReadOnlyList<float[]> inputs, int start, MixerGains gains, MixPrecision precision, Span<float> output)
    {
        int channels = gains.Channels;
        if (precision == MixPrecision.Single)
        {
            for (int n = 0; n < output.Length; n++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += (float)gains.Linear(c)[n] * Finite(inputs[c][start + n]);
                output[n] = sum;
            }
        }
        else
        {
            for (int n = 0; n < output.Length; n++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++) sum += gains.Linear(c)[n] * Finite(inputs[c][start + n]);
                output[n] = (float)sum;
            }
        }
    }

    private static float Finite(float sample) => float.IsFinite(sample) ? sample : 0;
}

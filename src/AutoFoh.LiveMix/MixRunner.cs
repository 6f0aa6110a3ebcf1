namespace AutoFoh.LiveMix;

/// <summary>A whole mix of a mixer over recorded channels, block by block as a live host would call it.</summary>
public sealed record MixResult(float[] Output, float[][] GainsDb, int BlockSamples, int SampleRateHz);

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
        var output = new float[length];
        int blocks = (length + blockSamples - 1) / blockSamples;
        var gains = new float[blocks][];
        for (int b = 0; b < blocks; b++)
        {
            int start = b * blockSamples, count = Math.Min(blockSamples, length - start);
            gains[b] = new float[channels.Count];
            mixer.Process(channels, start, output.AsSpan(start, count), gains[b]);
        }
        return new MixResult(output, gains, blockSamples, sampleRateHz);
    }
}

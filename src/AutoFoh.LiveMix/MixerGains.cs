namespace AutoFoh.LiveMix;

/// <summary>
/// One block of a mixer's decisions (<see cref="ILiveMixer.Decide"/>): every channel's gain at every sample of
/// the block (linear), and each channel's gain at the block's end (dB), which is what the live engine publishes
/// to its audio thread. Allocated once for a number of channels and a largest block.
/// </summary>
public sealed class MixerGains
{
    private readonly double[][] _linear;

    public MixerGains(int channels, int maxBlock)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        if (maxBlock < 1) throw new ArgumentOutOfRangeException(nameof(maxBlock), maxBlock, "at least one sample a block");
        _linear = Enumerable.Range(0, channels).Select(_ => new double[maxBlock]).ToArray();
        EndDb = new float[channels];
    }

    public int Channels => _linear.Length;
    public int MaxBlock => _linear[0].Length;

    /// <summary>The linear gain of <paramref name="channel"/> at each sample of the block.</summary>
    public Span<double> Linear(int channel) => _linear[channel];

    /// <summary>Each channel's gain at the end of the block (dB).</summary>
    public float[] EndDb { get; }
}

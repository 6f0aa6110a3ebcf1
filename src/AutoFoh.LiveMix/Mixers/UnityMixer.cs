namespace AutoFoh.LiveMix.Mixers;

/// <summary>The raw sum: every channel at 0 dB, as the channels arrive (the floor every mixer must beat).</summary>
public sealed class UnityMixer : ILiveMixer
{
    private int _channels;

    public string Name => "unity";
    public double LatencyMs => 0;
    public MixPrecision Precision => MixPrecision.Single;

    public void Prepare(int sampleRateHz, int channels, int maxBlock) => _channels = channels;

    public void Reset() { }

    public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
    {
        for (int c = 0; c < _channels; c++)
        {
            gains.Linear(c)[..frames].Fill(1);
            gains.EndDb[c] = 0;
        }
    }
}

namespace AutoFoh.LiveMix.Mixers;

/// <summary>The raw sum: every channel at 0 dB, as the channels arrive (the floor every mixer must beat).</summary>
public sealed class UnityMixer : ILiveMixer
{
    private int _channels;

    public string Name => "unity";
    public double LatencyMs => 0;

    public void Prepare(int sampleRateHz, int channels, int maxBlock) => _channels = channels;

    public void Reset() { }

    public void Process(IReadOnlyList<float[]> inputs, int start, Span<float> output, Span<float> gainsDb)
    {
        output.Clear();
        for (int c = 0; c < _channels; c++)
        {
            var x = inputs[c];
            for (int n = 0; n < output.Length; n++)
            {
                float v = x[start + n];
                if (float.IsFinite(v)) output[n] += v;
            }
            gainsDb[c] = 0;
        }
    }
}

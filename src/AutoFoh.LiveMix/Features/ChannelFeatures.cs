namespace AutoFoh.LiveMix.Features;

/// <summary>
/// The per-channel summary a frame-level mixer (DMC) sees: the mean and the standard deviation over time
/// of each of the 64 log-mel bands of one 975 ms frame (128 values). Not thread-safe; allocates nothing
/// after construction.
/// </summary>
public sealed class ChannelFeatures
{
    public const int Size = 2 * LogMelFrontEnd.Bands;
    private readonly LogMelFrontEnd _frontEnd = new();
    private readonly float[] _patch = new float[LogMelFrontEnd.Frames * LogMelFrontEnd.Bands];

    public void Compute(ReadOnlySpan<float> frame, Span<float> features)
    {
        if (features.Length != Size) throw new ArgumentException($"features are {Size} values", nameof(features));
        _frontEnd.Compute(frame, _patch);
        int bands = LogMelFrontEnd.Bands, frames = LogMelFrontEnd.Frames;
        for (int b = 0; b < bands; b++)
        {
            double sum = 0, squares = 0;
            for (int t = 0; t < frames; t++) { double v = _patch[t * bands + b]; sum += v; squares += v * v; }
            double mean = sum / frames;
            features[b] = (float)mean;
            features[bands + b] = (float)Math.Sqrt(Math.Max(0, squares / frames - mean * mean));
        }
    }
}

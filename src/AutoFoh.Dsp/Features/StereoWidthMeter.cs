namespace AutoFoh.Dsp.Features;

/// <summary>
/// Streaming ms_ratio (DESIGN.md): RMS(side) / RMS(mid) with mid = (L+R)/2 and side = (L-R)/2, from the
/// first two channels of interleaved audio; 0 for mono. A signal whose mid is silent while its side is
/// not (a polarity-inverted pair) has an infinite ratio.
/// </summary>
public sealed class StereoWidthMeter
{
    private readonly int _channels;
    private double _midSquares, _sideSquares;

    public StereoWidthMeter(int channels)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        _channels = channels;
    }

    public void Process(ReadOnlySpan<float> interleaved)
    {
        if (_channels < 2) return;
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"block of {interleaved.Length} samples is not a whole number of {_channels}-channel frames", nameof(interleaved));
        double mid = 0, side = 0;
        for (int i = 0; i < interleaved.Length; i += _channels)
        {
            double l = interleaved[i], r = interleaved[i + 1];
            double m = 0.5 * (l + r), s = 0.5 * (l - r);
            mid += m * m;
            side += s * s;
        }
        _midSquares += mid;
        _sideSquares += side;
    }

    public double MsRatio =>
        _channels < 2 || _sideSquares == 0 ? 0 : _midSquares == 0 ? double.PositiveInfinity : Math.Sqrt(_sideSquares / _midSquares);
}

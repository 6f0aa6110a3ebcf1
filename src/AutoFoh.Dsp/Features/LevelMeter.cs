namespace AutoFoh.Dsp.Features;

/// <summary>
/// Streaming RMS, sample peak and crest factor over all channels of interleaved audio.
/// RMS is in dBFS with a full-scale square wave at 0 dBFS (a full-scale sine reads -3.01 dBFS, the
/// convention of most meters and of AES17 without its +3 dB offset).
/// </summary>
public sealed class LevelMeter
{
    private readonly int _channels;
    private double _sumSquares;
    private long _samples;
    private float _peak;

    public LevelMeter(int channels)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        _channels = channels;
    }

    public void Process(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"block of {interleaved.Length} samples is not a whole number of {_channels}-channel frames", nameof(interleaved));
        double sum = 0;
        float peak = _peak;
        foreach (float x in interleaved)
        {
            sum += (double)x * x;
            float a = MathF.Abs(x);
            if (a > peak) peak = a;
        }
        _sumSquares += sum;
        _samples += interleaved.Length;
        _peak = peak;
    }

    public long SampleCount => _samples;
    public double Rms => _samples == 0 ? 0 : Math.Sqrt(_sumSquares / _samples);
    public double RmsDbfs => Decibels.FromAmplitude(Rms);
    public double SamplePeak => _peak;
    public double SamplePeakDbfs => Decibels.FromAmplitude(_peak);

    /// <summary>Peak over RMS in dB (3.01 dB for a sine); 0 for silence.</summary>
    public double CrestFactorDb => _peak > 0 ? SamplePeakDbfs - RmsDbfs : 0;
}

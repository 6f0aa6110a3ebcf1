using AutoFoh.Dsp.Features;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Analysis;

/// <summary>
/// Everything `autofoh analyze` reports about a signal, measured in one streaming pass: loudness
/// (BS.1770-4 / R128), peaks, level, crest factor, spectral centroid and stereo width. Feed interleaved
/// blocks of any size with <see cref="Process"/>; the figures do not depend on the block size.
/// </summary>
public sealed class SignalAnalyzer
{
    private readonly LoudnessMeter _loudness;
    private readonly LevelMeter _level;
    private readonly SpectralCentroidMeter _centroid;
    private readonly StereoWidthMeter _width;
    private long _frames;

    public SignalAnalyzer(double sampleRateHz, int channels)
    {
        SampleRateHz = sampleRateHz;
        Channels = channels;
        _loudness = new LoudnessMeter(sampleRateHz, channels);
        _level = new LevelMeter(channels);
        _centroid = new SpectralCentroidMeter(sampleRateHz, channels);
        _width = new StereoWidthMeter(channels);
    }

    public double SampleRateHz { get; }
    public int Channels { get; }
    public long FrameCount => _frames;

    public void Process(ReadOnlySpan<float> interleaved)
    {
        _loudness.Process(interleaved);
        _level.Process(interleaved);
        _centroid.Process(interleaved);
        _width.Process(interleaved);
        _frames += interleaved.Length / Channels;
    }

    public SignalReport Report() => new(
        SampleRateHz: SampleRateHz,
        Channels: Channels,
        DurationSeconds: _frames / SampleRateHz,
        IntegratedLufs: _loudness.IntegratedLufs,
        LoudnessRangeLu: _loudness.LoudnessRangeLu,
        TruePeakDbtp: _loudness.TruePeakDbtp,
        SamplePeakDbfs: _level.SamplePeakDbfs,
        MomentaryMaxLufs: _loudness.MomentaryMaxLufs,
        ShortTermMaxLufs: _loudness.ShortTermMaxLufs,
        RmsDbfs: _level.RmsDbfs,
        CrestFactorDb: _level.CrestFactorDb,
        SpectralCentroidHz: _centroid.CentroidHz,
        MsRatio: _width.MsRatio);
}

/// <summary>The figures of <see cref="SignalAnalyzer"/>. Levels of silence are negative infinity.</summary>
public sealed record SignalReport(
    double SampleRateHz,
    int Channels,
    double DurationSeconds,
    double IntegratedLufs,
    double LoudnessRangeLu,
    double TruePeakDbtp,
    double SamplePeakDbfs,
    double MomentaryMaxLufs,
    double ShortTermMaxLufs,
    double RmsDbfs,
    double CrestFactorDb,
    double SpectralCentroidHz,
    double MsRatio);

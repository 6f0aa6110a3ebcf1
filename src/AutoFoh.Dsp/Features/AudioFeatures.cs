namespace AutoFoh.Dsp.Features;

/// <summary>
/// One-call summaries of a whole interleaved signal, built on the streaming meters so a file analysed
/// block by block and the same samples analysed at once give identical figures.
/// </summary>
public static class AudioFeatures
{
    public static double RmsDbfs(ReadOnlySpan<float> interleaved, int channels) => Level(interleaved, channels).RmsDbfs;

    public static double CrestFactorDb(ReadOnlySpan<float> interleaved, int channels) => Level(interleaved, channels).CrestFactorDb;

    public static double SpectralCentroidHz(ReadOnlySpan<float> interleaved, int channels, double sampleRateHz)
    {
        var meter = new SpectralCentroidMeter(sampleRateHz, channels);
        meter.Process(interleaved);
        return meter.CentroidHz;
    }

    public static double MsRatio(ReadOnlySpan<float> interleaved, int channels)
    {
        var meter = new StereoWidthMeter(channels);
        meter.Process(interleaved);
        return meter.MsRatio;
    }

    private static LevelMeter Level(ReadOnlySpan<float> interleaved, int channels)
    {
        var meter = new LevelMeter(channels);
        meter.Process(interleaved);
        return meter;
    }
}

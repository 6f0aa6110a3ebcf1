using AutoFoh.Audio;
using AutoFoh.Dsp.Analysis;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Solving;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// Measures a stereo mix the way the targets are defined (the figures of <c>autofoh analyze</c>: BS.1770-4 loudness,
/// 4× true peak, long-term spectral centroid, ms_ratio), fed block by block as a sink of the renderers.
/// </summary>
public sealed class MixMeter
{
    private readonly SignalAnalyzer _analyzer;
    private float[] _interleaved = new float[2 * MixRenderer.BlockFrames];

    public MixMeter(int sampleRateHz) => _analyzer = new SignalAnalyzer(sampleRateHz, 2);

    public void Add(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (_interleaved.Length < 2 * left.Length) _interleaved = new float[2 * left.Length];
        for (int k = 0; k < left.Length; k++) { _interleaved[2 * k] = left[k]; _interleaved[2 * k + 1] = right[k]; }
        _analyzer.Process(_interleaved.AsSpan(0, 2 * left.Length));
    }

    public MixMeasurement Result()
    {
        var report = _analyzer.Report();
        return new MixMeasurement(report.IntegratedLufs, report.SpectralCentroidHz, report.MsRatio, report.TruePeakDbtp);
    }

    /// <summary>The figures of a whole stereo signal (band shares left out).</summary>
    public static MixMeasurement Measure(float[] left, float[] right, int sampleRateHz)
    {
        var meter = new MixMeter(sampleRateHz);
        for (int start = 0; start < left.Length; start += MixRenderer.BlockFrames)
        {
            int n = Math.Min(MixRenderer.BlockFrames, left.Length - start);
            meter.Add(left.AsSpan(start, n), right.AsSpan(start, n));
        }
        return meter.Result();
    }

    /// <summary>Loudness, centroid, width, true peak and band shares of a written file, read back from disk (mono counts as L = R).</summary>
    public static MixMeasurement MeasureFile(string path)
    {
        var buffer = AudioFile.ReadAll(path);
        var left = buffer[0];
        var right = buffer.Channels > 1 ? buffer[1] : buffer[0];
        var balance = ToneModel.Analyse(left, right, buffer.SampleRateHz).Balance(Enumerable.Repeat(1.0, ToneModel.FftSize / 2 + 1).ToArray());
        return Measure(left, right, buffer.SampleRateHz) with { LowShare = balance.Low, MidShare = balance.Mid, HighShare = balance.High };
    }
}

using AutoFoh.Audio;
using AutoFoh.LiveMix.Features;

namespace AutoFoh.LiveMix.Mixers;

/// <summary>
/// Base of the learned mixers, which listen at 16 kHz in frames: every channel is resampled (streaming) to
/// 16 kHz into a ring of the last 2 s, and each time a 16 kHz sample count crosses one of the model's
/// boundaries the subclass may decide new gains. The gains stay at the input rate, with zero added latency: a
/// block is cut into chunks of <see cref="ChunkSamples"/>, each chunk gets the gains decided before it, and only
/// then its samples are heard by the model. Gains move to a new decision with a one-pole glide
/// (<see cref="GlideMs"/>, sample by sample), so no step clicks. A sample that is not a number is silence.
/// Allocates nothing after <see cref="Prepare"/>.
/// </summary>
public abstract class FrameMixer : ILiveMixer
{
    public const int ChunkSamples = 32, RingSamples = 32768;
    public const double GlideMs = 10;
    private Resampler?[] _resamplers = [];
    private float[] _chunk = [], _resampled = [];
    private float[][] _ring = [];
    private float[] _gain = [], _targetGain = [];
    private float _glide;
    private long _heard;   // 16 kHz samples heard per channel

    public abstract string Name { get; }
    public double LatencyMs => 0;
    public MixPrecision Precision => MixPrecision.Single;
    protected int Channels { get; private set; }

    public void Prepare(int sampleRateHz, int channels, int maxBlock)
    {
        Channels = channels;
        _resamplers = new Resampler?[channels];
        if (sampleRateHz != LogMelFrontEnd.SampleRateHz)
            for (int c = 0; c < channels; c++) _resamplers[c] = new Resampler(sampleRateHz, LogMelFrontEnd.SampleRateHz, 1);
        _chunk = new float[ChunkSamples];
        _resampled = new float[ChunkSamples * 2 + 64];
        _ring = Enumerable.Range(0, channels).Select(_ => new float[RingSamples]).ToArray();
        _gain = new float[channels];
        _targetGain = new float[channels];
        _glide = (float)(1 - Math.Exp(-1000.0 / (GlideMs * sampleRateHz)));
        PrepareModel(channels);
        Reset();
    }

    public void Reset()
    {
        foreach (var r in _resamplers) r?.Reset();
        foreach (var r in _ring) Array.Clear(r);
        _heard = 0;
        ResetModel();
        DecideAt(0, _targetGain);
        for (int c = 0; c < Channels; c++) _targetGain[c] = DbToLinear(_targetGain[c]);
        _targetGain.AsSpan().CopyTo(_gain);
    }

    public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
    {
        for (int offset = 0; offset < frames; offset += ChunkSamples)
        {
            int count = Math.Min(ChunkSamples, frames - offset);
            // The chunk gets the gains decided before it.
            for (int c = 0; c < Channels; c++)
            {
                var linear = gains.Linear(c);
                for (int n = 0; n < count; n++)
                {
                    _gain[c] += _glide * (_targetGain[c] - _gain[c]);
                    linear[offset + n] = _gain[c];
                }
            }
            // Then let the model hear it.
            int produced = 0;
            for (int c = 0; c < Channels; c++)
            {
                for (int n = 0; n < count; n++)
                {
                    float v = inputs[c][start + offset + n];
                    _chunk[n] = float.IsFinite(v) ? Math.Clamp(v, -4f, 4f) : 0;
                }
                var resampler = _resamplers[c];
                int got = resampler is null ? count : resampler.Process(_chunk.AsSpan(0, count), _resampled);
                var source = resampler is null ? _chunk.AsSpan(0, count) : _resampled.AsSpan(0, got);
                var ring = _ring[c];
                for (int n = 0; n < got; n++) ring[(int)((_heard + n) & (RingSamples - 1))] = source[n];
                produced = got;
            }
            for (int n = 0; n < produced; n++)
            {
                _heard++;
                if (IsBoundary(_heard))
                {
                    DecideAt(_heard, _targetGain);
                    for (int c = 0; c < Channels; c++) _targetGain[c] = DbToLinear(_targetGain[c]);
                }
            }
        }
        for (int c = 0; c < Channels; c++) gains.EndDb[c] = (float)(20 * Math.Log10(Math.Max(_gain[c], 1e-6f)));
    }

    /// <summary>Copies the 16 kHz samples [time − destination.Length, time) of <paramref name="channel"/> (time ≤ heard, at most 2 s back).</summary>
    protected void Recent(int channel, long time, Span<float> destination)
    {
        var ring = _ring[channel];
        long from = time - destination.Length;
        for (int n = 0; n < destination.Length; n++) destination[n] = from + n < 0 ? 0 : ring[(int)((from + n) & (RingSamples - 1))];
    }

    protected abstract void PrepareModel(int channels);
    protected abstract void ResetModel();
    /// <summary>Whether the model decides when the 16 kHz count reaches <paramref name="time"/>.</summary>
    protected abstract bool IsBoundary(long time);
    /// <summary>The gains (dB) from 16 kHz sample <paramref name="time"/> on, from what was heard before it.</summary>
    protected abstract void DecideAt(long time, Span<float> gainsDb);

    private static float DbToLinear(float db) => float.IsFinite(db) ? MathF.Pow(10, db / 20) : 1f;
}

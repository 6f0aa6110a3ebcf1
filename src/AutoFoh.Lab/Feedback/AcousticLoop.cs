using System.Numerics;
using System.Numerics.Tensors;
using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Filters;
using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Lab.Feedback;

/// <summary>
/// A closed acoustic loop: the microphone hears its source plus the PA, the PA plays what the channel made of the
/// microphone (<see cref="IChannelUnderTest"/>), times an amplifier gain, through the room's impulse response and a
/// loop equaliser (a wedge's or a PA's resonance that makes one frequency the first to ring). Simulated block by
/// block: because sound takes at least one block to travel from the loudspeaker to the microphone (the response's
/// first tap is at the direct path's delay, at least <see cref="MinDelaySamples"/>), each block's microphone signal is
/// known before the channel processes it, exactly as in the air.
/// </summary>
public sealed class AcousticLoop
{
    private readonly float[] _path;     // loop equaliser ⊗ room response, from the PA's input to the microphone
    private readonly float[] _future;   // what the PA will add to the microphone, from the current block on
    private int _offset;

    /// <param name="roomResponse">From the loudspeaker's input to the microphone (first tap at the direct path).</param>
    /// <param name="loopFilters">The loop's equaliser and the PA's and microphone's band (applied to the response once).</param>
    public AcousticLoop(float[] roomResponse, IEnumerable<BiquadCoefficients> loopFilters, int sampleRateHz, int blockFrames)
    {
        SampleRateHz = sampleRateHz;
        BlockFrames = blockFrames;
        _path = (float[])roomResponse.Clone();
        foreach (var filter in loopFilters) new Biquad(filter).Process(_path);
        int first = Array.FindIndex(_path, v => v != 0);
        DelaySamples = first < 0 ? 0 : first;
        if (DelaySamples < MinDelaySamples(blockFrames) - ImageSourceInterpolatorSlack)
            throw new ArgumentException($"the loop's delay ({DelaySamples} samples) is shorter than a block ({blockFrames})");
        _future = new float[_path.Length + 4 * blockFrames];
    }

    /// <summary>The fractional-delay interpolator puts a few taps before the direct path's arrival.</summary>
    private const int ImageSourceInterpolatorSlack = 16;

    /// <summary>The shortest loop delay the block size allows (samples).</summary>
    public static int MinDelaySamples(int blockFrames) => blockFrames + ImageSourceInterpolatorSlack;

    public int SampleRateHz { get; }
    public int BlockFrames { get; }
    public int DelaySamples { get; }
    public ReadOnlySpan<float> Path => _path;

    /// <summary>What the PA adds to the microphone during the next block (read before <see cref="Play"/>).</summary>
    public ReadOnlySpan<float> Incoming => _future.AsSpan(_offset, BlockFrames);

    /// <summary>The PA plays <paramref name="pa"/> (already times the amplifier's gain): it reaches the microphone from the next block on.</summary>
    public void Play(ReadOnlySpan<float> pa)
    {
        // Consume this block, then add each PA sample's response (an axpy per sample, vectorised).
        var span = _future.AsSpan();
        for (int j = 0; j < pa.Length; j++)
        {
            float y = pa[j];
            if (y == 0) continue;
            var target = span.Slice(_offset + j, _path.Length);
            TensorPrimitives.MultiplyAdd(_path, y, target, target);
        }
        _offset += pa.Length;
        if (_offset + BlockFrames + _path.Length > _future.Length)
        {
            // Slide what is still to come back to the start.
            int keep = _future.Length - _offset;
            Array.Copy(_future, _offset, _future, 0, keep);
            Array.Clear(_future, keep, _future.Length - keep);
            _offset = 0;
        }
    }

    /// <summary>
    /// The loop's gain margin without the amplifier (linear): over the frequencies where the loop's phase is a whole
    /// number of turns (the phase crossovers, where Nyquist's criterion is decided), the largest loop magnitude; the
    /// loop rings without bound once the amplifier's gain times this passes 1. Also the frequency it happens at.
    /// </summary>
    public (double Magnitude, double FrequencyHz) PhaseCrossoverPeak()
    {
        int size = 1;
        while (size < 8 * _path.Length || size < 1 << 17) size <<= 1;
        var fft = new RealFft(size);
        var padded = new float[size];
        _path.CopyTo(padded, 0);
        var spectrum = new Complex[fft.BinCount];
        fft.Forward(padded, spectrum);
        double best = 0, bestHz = 0;
        for (int k = 2; k < spectrum.Length - 1; k++)   // from above DC, where every real loop is phase 0
        {
            var a = spectrum[k - 1];
            var b = spectrum[k];
            // The phase passes 0 where the imaginary part changes sign with a positive real part.
            if (Math.Sign(a.Imaginary) == Math.Sign(b.Imaginary) || a.Real + b.Real <= 0) continue;
            double t = a.Imaginary / (a.Imaginary - b.Imaginary);
            double magnitude = (1 - t) * a.Magnitude + t * b.Magnitude;
            if (magnitude > best) { best = magnitude; bestHz = (k - 1 + t) * SampleRateHz / size; }
        }
        return (best, bestHz);
    }
}

/// <summary>The channel in the loop: what the desk makes of the microphone before the PA (gain, notches, the whole engine).</summary>
public interface IChannelUnderTest
{
    /// <summary>Processes one block of the microphone into the PA's feed.</summary>
    void Process(ReadOnlySpan<float> microphone, Span<float> output);

    /// <summary>The feedback actions so far, each with the time (s, from the start) its effect began.</summary>
    IReadOnlyList<(double TimeSeconds, FeedbackGuardEvent Event)> Events { get; }
}

using System.Numerics.Tensors;
using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// The mastering chain of <see cref="MasterParameters"/>, in order: input gain, bus compressor
/// (<see cref="Compressor"/>, stereo-linked), <see cref="TiltEq"/>, <see cref="MidSideWidth"/>,
/// <see cref="TruePeakLimiter"/>. Units whose settings make them the identity are skipped. The output lags
/// the input by <see cref="LatencyFrames"/> (the limiter's look-ahead; the other units add none).
/// </summary>
public sealed class MasterChain
{
    private readonly float _inputGain;

    public MasterChain(MasterParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(parameters.InputGainDb)) throw new ArgumentOutOfRangeException(nameof(parameters), parameters.InputGainDb, "master input gain must be a finite number of dB");
        Parameters = parameters;
        _inputGain = (float)Math.Pow(10, parameters.InputGainDb / 20);
        BusCompressor = new Compressor(parameters.BusCompressor);
        Eq = new TiltEq(parameters.Eq);
        Width = new MidSideWidth(parameters.Width);
        Limiter = new TruePeakLimiter(parameters.Limiter);
    }

    public MasterParameters Parameters { get; }
    public Compressor BusCompressor { get; }
    public TiltEq Eq { get; }
    public MidSideWidth Width { get; }
    public TruePeakLimiter Limiter { get; }

    public int LatencyFrames => Limiter.LatencyFrames;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        BusCompressor.Prepare(sampleRateHz, maxBlockFrames);
        Eq.Prepare(sampleRateHz, maxBlockFrames);
        Width.Prepare(sampleRateHz, maxBlockFrames);
        Limiter.Prepare(sampleRateHz, maxBlockFrames);
    }

    public void Reset()
    {
        BusCompressor.Reset();
        Eq.Reset();
        Width.Reset();
        Limiter.Reset();
    }

    /// <summary>Masters a stereo block in place (output delayed by <see cref="LatencyFrames"/>); an empty <paramref name="right"/> means mono.</summary>
    public void Process(Span<float> left, Span<float> right)
    {
        if (_inputGain != 1)
        {
            TensorPrimitives.Multiply(left, _inputGain, left);
            TensorPrimitives.Multiply(right, _inputGain, right);
        }
        BusCompressor.Process(left, right);
        Eq.Process(left, right);
        Width.Process(left, right);
        Limiter.Process(left, right);
    }
}

using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// One stem's channel strip (<see cref="StripParameters"/>), mono or stereo in, stereo out:
/// <see cref="HighPassFilter"/> → <see cref="ParametricEq"/> → <see cref="Compressor"/> →
/// <see cref="Saturator"/> → gain → <see cref="ConstantPowerPan"/>, plus a post-fader (post-pan) stereo send
/// to the reverb bus. The high-pass and EQ sections run as one <see cref="BiquadCascade"/> (one pass over the
/// block instead of two). Units whose settings make them the identity are skipped.
/// </summary>
public sealed class ChannelStrip
{
    private readonly BiquadCascade _filters;
    private readonly double _gain, _sendGain;
    private float[] _left = [], _right = [];

    public ChannelStrip(StripParameters parameters, int inputChannels)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (inputChannels is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(inputChannels), inputChannels, $"stem {parameters.Stem}: a channel strip takes 1 or 2 channels");
        if (!double.IsFinite(parameters.GainDb)) throw new ArgumentOutOfRangeException(nameof(parameters), parameters.GainDb, $"stem {parameters.Stem}: gain must be a finite number of dB");
        if (double.IsNaN(parameters.ReverbSendDb) || double.IsPositiveInfinity(parameters.ReverbSendDb))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.ReverbSendDb, $"stem {parameters.Stem}: reverb send must be a number of dB (-infinity for off)");
        Parameters = parameters;
        InputChannels = inputChannels;
        HighPass = new HighPassFilter(parameters.HighPassHz);
        Eq = new ParametricEq(parameters.Eq);
        Compressor = new Compressor(parameters.Compressor);
        Saturator = new Saturator(parameters.Saturation);
        Pan = new ConstantPowerPan(parameters.Pan, inputChannels);
        _filters = new BiquadCascade(1 + Math.Max(1, parameters.Eq.Count));
        _gain = Math.Pow(10, parameters.GainDb / 20);
        _sendGain = Math.Pow(10, parameters.ReverbSendDb / 20);
    }

    public StripParameters Parameters { get; }
    public int InputChannels { get; }
    public HighPassFilter HighPass { get; }
    public ParametricEq Eq { get; }
    public Compressor Compressor { get; }
    public Saturator Saturator { get; }
    public ConstantPowerPan Pan { get; }

    /// <summary>Whether the strip feeds the reverb bus at all.</summary>
    public bool HasSend => _sendGain > 0;

    public void Prepare(int sampleRateHz, int maxBlockFrames)
    {
        if (maxBlockFrames <= 0) throw new ArgumentOutOfRangeException(nameof(maxBlockFrames), maxBlockFrames, "block size must be positive");
        HighPass.Prepare(sampleRateHz, maxBlockFrames);
        Eq.Prepare(sampleRateHz, maxBlockFrames);
        Compressor.Prepare(sampleRateHz, maxBlockFrames);
        Saturator.Prepare(sampleRateHz, maxBlockFrames);
        _filters.SetSections([.. HighPass.Sections, .. Eq.Sections]);
        _left = new float[maxBlockFrames];
        _right = InputChannels == 2 ? new float[maxBlockFrames] : [];
    }

    public void Reset()
    {
        _filters.Reset();
        Compressor.Reset();
        Saturator.Reset();
    }

    /// <summary>
    /// Processes one block of the stem (an empty <paramref name="inputRight"/> for a mono stem) and adds the
    /// strip's stereo output to <paramref name="mixLeft"/>/<paramref name="mixRight"/> and its send to
    /// <paramref name="sendLeft"/>/<paramref name="sendRight"/> (left alone when the send is off). Any block length.
    /// </summary>
    public void Process(ReadOnlySpan<float> inputLeft, ReadOnlySpan<float> inputRight,
        Span<float> mixLeft, Span<float> mixRight, Span<float> sendLeft, Span<float> sendRight)
    {
        for (int start = 0; start < inputLeft.Length; start += _left.Length)
        {
            int count = Math.Min(_left.Length, inputLeft.Length - start);
            var left = _left.AsSpan(0, count);
            var right = InputChannels == 2 ? _right.AsSpan(0, count) : Span<float>.Empty;
            // The filters read the stem and write the strip's buffer (copying it when there are none).
            _filters.Process(inputLeft.Slice(start, count), InputChannels == 2 ? inputRight.Slice(start, count) : [], left, right);
            Compressor.Process(left, right);
            Saturator.Process(left, right);
            if (HasSend)
                Pan.MixInto(left, right, _gain, mixLeft.Slice(start, count), mixRight.Slice(start, count), _sendGain, sendLeft.Slice(start, count), sendRight.Slice(start, count));
            else
                Pan.MixInto(left, right, _gain, mixLeft.Slice(start, count), mixRight.Slice(start, count));
        }
    }
}

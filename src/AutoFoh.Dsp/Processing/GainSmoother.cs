using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// How the gain a mixer wants becomes the gain each sample gets, per channel, with no click: the automatic gain
/// follows its target multiplicatively, at most <c>slewDbPerSecond</c> (a ramp straight in dB, started from no
/// lower than −120 dB so it also leaves silence; 0: no limit); a mute and a feedback pull-down are one-pole faders
/// (<see cref="FaderTimeConstantMs"/>) that bypass the slew limit, because they must act within milliseconds. A
/// mute ends at exactly 0 (never in denormals), about 70 ms after it starts. Allocates in the constructor only.
/// </summary>
public sealed class GainSmoother
{
    public const double FaderTimeConstantMs = 5;
    /// <summary>−120 dB: where a multiplicative ramp starts from, and where a mute snaps to 0.</summary>
    public const float FloorAmplitude = 1e-6f;
    private readonly float[] _gain, _mute, _muteTarget, _feedback, _feedbackTarget;
    private readonly float _slewUp, _slewDown, _faderCoefficient;

    public GainSmoother(int channels, int sampleRateHz, double slewDbPerSecond)
    {
        _gain = Enumerable.Repeat(1f, channels).ToArray();
        _mute = Enumerable.Repeat(1f, channels).ToArray();
        _muteTarget = Enumerable.Repeat(1f, channels).ToArray();
        _feedback = Enumerable.Repeat(1f, channels).ToArray();
        _feedbackTarget = Enumerable.Repeat(1f, channels).ToArray();
        _slewUp = slewDbPerSecond > 0 ? (float)Math.Pow(10, slewDbPerSecond / 20 / sampleRateHz) : float.PositiveInfinity;
        _slewDown = slewDbPerSecond > 0 ? 1 / _slewUp : 0;
        _faderCoefficient = (float)(1 - Math.Exp(-1000.0 / (FaderTimeConstantMs * sampleRateHz)));
    }

    public int Channels => _gain.Length;

    /// <summary>The automatic gain where it stands (before the mute and feedback faders).</summary>
    public float Gain(int channel) => _gain[channel];

    /// <summary>The gain the last sample got: automatic gain × mute fader × feedback fader.</summary>
    public float Applied(int channel) => _gain[channel] * _mute[channel] * _feedback[channel];

    /// <summary>Fades <paramref name="channel"/> out (to exactly 0) or back in.</summary>
    public void SetMuted(int channel, bool muted) => _muteTarget[channel] = muted ? 0f : 1f;

    /// <summary>Where the feedback fader of <paramref name="channel"/> goes (linear; 1: no pull-down).</summary>
    public void SetFeedbackTarget(int channel, float gain) => _feedbackTarget[channel] = gain;

    /// <summary>One sample's step toward <paramref name="target"/>: the gain this sample of <paramref name="channel"/> gets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Next(int channel, float target)
    {
        float g = _gain[channel];
        if (target > g) g = Math.Min(target, Math.Max(g, FloorAmplitude) * _slewUp);
        else g = Math.Max(target, g * _slewDown);
        _gain[channel] = g;
        float m = _mute[channel];
        m += (_muteTarget[channel] - m) * _faderCoefficient;
        if (m < FloorAmplitude && _muteTarget[channel] == 0) m = 0;
        _mute[channel] = m;
        float f = _feedback[channel];
        f += (_feedbackTarget[channel] - f) * _faderCoefficient;
        _feedback[channel] = f;
        return g * m * f;
    }
}

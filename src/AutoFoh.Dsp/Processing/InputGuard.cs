using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// The first stage of live inputs: a bad sample becomes silence, so no filter, envelope or model downstream is
/// poisoned for good, and is counted; and each channel's peak is metered with a fall of <see cref="FallDbPerSecond"/>,
/// as a desk's input meter. Bad is not a number (NaN, ±Inf) or finite but absurd: louder than
/// <see cref="MaxMagnitude"/> (+60 dBFS). No converter delivers more than full scale and a float bus from a plugin runs
/// a few tens of dB hot at most, so nothing honest comes near it; and such a sample, finite as it is, would wreck what
/// follows: its square overflows a float past 1.8e19 (a model's features go infinite, then NaN), and in a double
/// power envelope a 1e30 sample leaves 1e60 that takes seconds to decay (Dugan's shares, every meter). With replacing
/// off a bad sample is counted, left as it is, and skipped by the meter. Allocates in the constructor only.
/// </summary>
public sealed class InputGuard
{
    public const double FallDbPerSecond = 12;
    /// <summary>The largest magnitude a sample may have (+60 dBFS); past it, it is bad.</summary>
    public const float MaxMagnitude = 1e3f;
    private const float FloorAmplitude = 1e-6f;   // −120 dBFS: the meter's bottom
    private readonly float[] _peak;
    private readonly float _fallPerSample;
    private readonly bool _replace;

    public InputGuard(int channels, int sampleRateHz, bool replaceNonFinite)
    {
        _peak = new float[channels];
        _fallPerSample = (float)Math.Pow(10, -FallDbPerSecond / 20 / sampleRateHz);
        _replace = replaceNonFinite;
    }

    public int Channels => _peak.Length;

    /// <summary>
    /// Guards and meters the first <paramref name="frames"/> samples of every channel in place; returns how many
    /// samples were bad (not numbers, or past <see cref="MaxMagnitude"/>).
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    public long Process(float[][] channels, int frames)
    {
        long bad = 0;
        float fall = MathF.Pow(_fallPerSample, frames);
        for (int c = 0; c < _peak.Length; c++)
        {
            var x = channels[c].AsSpan(0, frames);
            float peak = 0;
            for (int n = 0; n < frames; n++)
            {
                float v = x[n];
                if (!(Math.Abs(v) <= MaxMagnitude))   // NaN fails every comparison
                {
                    bad++;
                    if (_replace) x[n] = v = 0;
                    else continue;
                }
                float a = Math.Abs(v);
                if (a > peak) peak = a;
            }
            _peak[c] = Math.Max(peak, _peak[c] * fall);
        }
        return bad;
    }

    /// <summary>The meter of <paramref name="channel"/> (dBFS, −120 at the bottom).</summary>
    public float PeakDbfs(int channel) => _peak[channel] > FloorAmplitude ? 20 * MathF.Log10(_peak[channel]) : -120;
}

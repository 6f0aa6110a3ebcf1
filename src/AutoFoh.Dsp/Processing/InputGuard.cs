using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// The first stage of live inputs: a sample that is not a number (NaN, ±Inf) becomes silence, so no filter,
/// envelope or model downstream is poisoned for good, and is counted; and each channel's peak is metered with a
/// fall of <see cref="FallDbPerSecond"/>, as a desk's input meter. With replacing off a bad sample is counted,
/// left as it is, and skipped by the meter. Allocates in the constructor only.
/// </summary>
public sealed class InputGuard
{
    public const double FallDbPerSecond = 12;
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
    /// samples were not numbers.
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
                if (!float.IsFinite(v))
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

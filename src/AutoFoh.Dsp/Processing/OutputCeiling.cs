using System.Runtime.CompilerServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// The live mix's last stage: no output sample above the ceiling (<see cref="DefaultCeilingDbfs"/> unless set), with zero
/// added latency. A limiter without look-ahead: each sample's gain is min(released gain, ceiling / peak), the peak
/// being the larger of |left| and |right| (the channels share one gain, so the image does not move), and the gain
/// returns to 1 with a one-pole release (<see cref="DefaultReleaseMs"/>). So |out| ≤ ceiling exactly, by construction
/// and not by a detector's estimate; an onset past the ceiling is cut at once (a click is better than a blown
/// speaker or an ear). A hard clamp comes last, for float rounding and for a sample that is not a number (which
/// becomes 0 and leaves the gain alone). Sample peaks, not true peaks: the ceiling's margin under 0 dBFS covers the
/// converter's reconstruction. Allocates in the constructor only.
/// </summary>
public sealed class OutputCeiling
{
    public const double DefaultCeilingDbfs = -1, DefaultReleaseMs = 80;
    /// <summary>The range a ceiling may be set in (dBFS).</summary>
    public const double LowestCeilingDbfs = -60, HighestCeilingDbfs = 0;
    private readonly float _ceiling, _release;
    private float _gain = 1, _lowest = 1;

    public OutputCeiling(int sampleRateHz, double ceilingDbfs = DefaultCeilingDbfs, double releaseMs = DefaultReleaseMs)
    {
        if (!IsValidCeilingDbfs(ceilingDbfs))
            throw new ArgumentOutOfRangeException(nameof(ceilingDbfs), ceilingDbfs, $"output ceiling {ceilingDbfs} dBFS: between {LowestCeilingDbfs} and {HighestCeilingDbfs} dBFS");
        if (!(releaseMs > 0)) throw new ArgumentOutOfRangeException(nameof(releaseMs), releaseMs, "the release must be positive (ms)");
        CeilingDbfs = ceilingDbfs;
        _ceiling = (float)Math.Pow(10, ceilingDbfs / 20);
        _release = (float)(1 - Math.Exp(-1000.0 / (releaseMs * sampleRateHz)));
    }

    public static bool IsValidCeilingDbfs(double dbfs) => dbfs >= LowestCeilingDbfs && dbfs <= HighestCeilingDbfs;

    public double CeilingDbfs { get; }

    /// <summary>The ceiling as a linear amplitude.</summary>
    public float Ceiling => _ceiling;

    /// <summary>The lowest gain of the last <see cref="Process"/> (linear; 1: it did not act).</summary>
    public float LowestGain => _lowest;

    /// <summary>Limits a block in place; an empty <paramref name="right"/> means mono.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(Span<float> left, Span<float> right)
    {
        bool stereo = !right.IsEmpty;
        if (stereo) right = right[..left.Length];
        float ceiling = _ceiling, release = _release, g = _gain, lowest = 1;
        for (int n = 0; n < left.Length; n++)
        {
            float l = left[n], r = stereo ? right[n] : 0;
            float peak = Math.Max(Math.Abs(l), Math.Abs(r));
            g += (1 - g) * release;
            if (peak * g > ceiling) g = ceiling / peak;   // false for a NaN: the gain stays a number
            if (g < lowest) lowest = g;
            l *= g;
            // The last line: rounding of l·g, an infinite peak (∞·0) or a NaN.
            if (!(Math.Abs(l) <= ceiling)) l = l > 0 ? ceiling : l < 0 ? -ceiling : 0;
            left[n] = l;
            if (stereo)
            {
                r *= g;
                if (!(Math.Abs(r) <= ceiling)) r = r > 0 ? ceiling : r < 0 ? -ceiling : 0;
                right[n] = r;
            }
        }
        _gain = g;
        _lowest = lowest;
    }
}

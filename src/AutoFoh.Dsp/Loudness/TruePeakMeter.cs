using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace AutoFoh.Dsp.Loudness;

/// <summary>
/// True peak per ITU-R BS.1770-4 Annex 2: oversample (4x below 96 kHz, 2x below 192 kHz, none above,
/// as libebur128 chooses, so the signal is always examined at 192 kHz or more), low-pass interpolate,
/// take the largest magnitude. The interpolator is a Kaiser-windowed sinc with 16 taps per phase
/// (the Annex's example has 12), vectorised with <see cref="Vector256{T}"/>.
///
/// A window whose samples are all smaller than (current peak / the filter's largest absolute gain sum)
/// cannot raise the peak and is skipped, which keeps music (mostly below its peak) fast.
/// </summary>
public sealed class TruePeakMeter
{
    public const int TapsPerPhase = 16;
    private readonly int _factor;
    private readonly float[][] _phases;       // [phase][tap], taps in time order of the history window
    private readonly float[][] _history;      // per channel: 2 x TapsPerPhase, written twice (ring without wrap)
    private readonly int[] _position;
    private readonly float[] _peak;
    private readonly float _gainBound;

    public TruePeakMeter(double sampleRateHz, int channels)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channel count must be positive");
        _factor = OversamplingFactorFor(sampleRateHz);
        _phases = InterpolationPhases(_factor);
        _gainBound = _phases.Max(p => p.Sum(MathF.Abs));
        _history = Enumerable.Range(0, channels).Select(_ => new float[2 * TapsPerPhase]).ToArray();
        _position = new int[channels];
        _peak = new float[channels];
    }

    public int OversamplingFactor => _factor;

    /// <summary>The oversampling this meter uses at <paramref name="sampleRateHz"/> (the signal is examined at 192 kHz or more).</summary>
    public static int OversamplingFactorFor(double sampleRateHz) => sampleRateHz < 96000 ? 4 : sampleRateHz < 192000 ? 2 : 1;

    /// <summary>Largest true peak so far over all channels, linear.</summary>
    public float Peak => _peak.Max();

    /// <summary>True peak of each channel, linear.</summary>
    public ReadOnlySpan<float> ChannelPeaks => _peak;

    public void Reset()
    {
        foreach (var h in _history) Array.Clear(h);
        Array.Clear(_position);
        Array.Clear(_peak);
    }

    /// <summary>Feeds one channel's samples (deinterleaved).</summary>
    public void Process(int channel, ReadOnlySpan<float> samples)
    {
        var history = _history[channel];
        int position = _position[channel];
        float peak = _peak[channel];
        float skipBelow = peak / _gainBound;
        // Each window holds the last TapsPerPhase samples; track their maximum magnitude cheaply by
        // remembering how many samples ago a sample above the skip level arrived.
        int sinceLoud = TapsPerPhase;
        for (int i = 0; i < TapsPerPhase; i++)
            if (MathF.Abs(history[position + i]) >= skipBelow) sinceLoud = 0;
        foreach (float x in samples)
        {
            history[position] = x;
            history[position + TapsPerPhase] = x;
            position = position + 1 == TapsPerPhase ? 0 : position + 1;
            float magnitude = MathF.Abs(x);
            if (magnitude > peak) peak = magnitude; // the sample itself is one of the points examined
            if (magnitude >= skipBelow) sinceLoud = 0; else sinceLoud++;
            if (sinceLoud >= TapsPerPhase || _factor == 1) continue;
            var window = history.AsSpan(position, TapsPerPhase);
            for (int p = 1; p < _factor; p++)
            {
                float y = MathF.Abs(Dot(window, _phases[p]));
                if (y > peak) peak = y;
            }
            skipBelow = peak / _gainBound;
        }
        _position[channel] = position;
        _peak[channel] = peak;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector256<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector256<float>>(b);
        var sum = va[0] * vb[0] + va[1] * vb[1];
        return Vector256.Sum(sum);
    }

    /// <summary>
    /// Polyphase split of a windowed-sinc interpolator for upsampling by <paramref name="factor"/>: phase p
    /// gives the value p/factor of a sample after the window's centre. Phase 0 is the identity (the
    /// original samples), so only phases 1..factor−1 are computed per input sample. Public so that a true-peak
    /// limiter's detector sees exactly the points this meter measures; the optional arguments give the same
    /// design with other lengths, windows and cutoffs (a fraction of the input's Nyquist frequency), as other
    /// meters use.
    /// </summary>
    public static float[][] InterpolationPhases(int factor, int tapsPerPhase = TapsPerPhase, double kaiserBeta = 7.0, double cutoff = 1.0)
    {
        double beta = kaiserBeta;
        if (!(cutoff is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, "cutoff must lie in (0, 1] of the Nyquist frequency");
        var phases = new float[factor][];
        double i0Beta = BesselI0(beta);
        if (tapsPerPhase < 2 || tapsPerPhase % 2 != 0) throw new ArgumentOutOfRangeException(nameof(tapsPerPhase), tapsPerPhase, "taps per phase must be even and at least 2");
        int half = tapsPerPhase / 2;
        for (int p = 0; p < factor; p++)
        {
            phases[p] = new float[tapsPerPhase];
            double fraction = p / (double)factor;
            for (int k = 0; k < tapsPerPhase; k++)
            {
                // Window sample k is input time (k − (tapsPerPhase − 1)); the output point sits at
                // (−half + fraction), i.e. between the window's two central samples.
                double t = (k - (tapsPerPhase - 1)) - (-half + fraction);
                double x = t / (half + 0.5);
                double window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - x * x)) / i0Beta;
                double sinc = t == 0 ? cutoff : Math.Sin(Math.PI * cutoff * t) / (Math.PI * t);
                phases[p][k] = (float)(sinc * window);
            }
        }
        return phases;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 100 && term > 1e-17 * sum; k++) { term *= q / (k * (double)k); sum += term; }
        return sum;
    }
}

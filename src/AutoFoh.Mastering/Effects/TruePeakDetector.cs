using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Mastering.Effects;

/// <summary>
/// The look-ahead limiter's view of the true peak between two samples, built from the polyphase design of
/// <see cref="TruePeakMeter.InterpolationPhases"/> (oversampling as the meter chooses: 4× below 96 kHz):
/// <list type="bullet">
/// <item>the meter's own interpolator (16 taps), so the limiter sees every point the meter measures;</item>
/// <item>a longer, flatter one shaped like ffmpeg's ebur128 (libswresample's defaults: Kaiser β = 9, cutoff 0.97
/// of Nyquist; 48 taps here), whose points are then refined by a parabola through each local maximum and its
/// two neighbours: a meter that oversamples on another grid (ffmpeg's 192 kHz against 176.4 kHz at 44.1 kHz)
/// lands between our points, and near the top of the spectrum the crest between two 4× points can be 0.3 dB
/// higher than either.</item>
/// </list>
/// The peak of the stretch [m, m+1) is the largest of these. Window: <see cref="WindowTaps"/> samples plus
/// one before (the refinement reads the point a quarter sample before m).
/// </summary>
internal sealed class TruePeakDetector
{
    public const int WindowTaps = 48;
    /// <summary>Window index of sample m, the start of the stretch (the window's newest sample is m + WindowTaps/2).</summary>
    public const int Centre = WindowTaps / 2 - 1;
    private const double FfmpegKaiserBeta = 9, FfmpegCutoff = 0.97;

    private readonly int _factor;
    private readonly Phases _meter, _flat;

    public TruePeakDetector(double sampleRateHz)
    {
        _factor = TruePeakMeter.OversamplingFactorFor(sampleRateHz);
        _meter = new Phases(TruePeakMeter.InterpolationPhases(_factor), (WindowTaps - TruePeakMeter.TapsPerPhase) / 2);
        _flat = new Phases(TruePeakMeter.InterpolationPhases(_factor, WindowTaps, FfmpegKaiserBeta, FfmpegCutoff), 0);
    }

    /// <summary>Samples of history the detector needs before the first sample it judges.</summary>
    public static int HistoryFrames => WindowTaps;

    /// <summary>
    /// peak[i] = the true peak of the stretch whose window is history[i + 1 .. i + WindowTaps] (history[i] is
    /// the extra sample before); with <paramref name="accumulate"/> the maximum with what peak[i] holds.
    /// </summary>
    public void Detect(ReadOnlySpan<float> history, Span<float> peak, bool accumulate)
    {
        int i = 0;
        if (_factor == 4 && Vector256.IsHardwareAccelerated) i = DetectVector(history, peak, accumulate);
        for (; i < peak.Length; i++)
        {
            float m = Math.Max(_meter.Peak(history, i + 1, _factor), _flat.RefinedPeak(history, i + 1, _factor));
            peak[i] = accumulate ? Math.Max(peak[i], m) : m;
        }
    }

    /// <summary>Eight stretches at a time (4× only); returns how many were done.</summary>
    private int DetectVector(ReadOnlySpan<float> history, Span<float> peak, bool accumulate)
    {
        ref float h = ref MemoryMarshal.GetReference(history);
        ref float p = ref MemoryMarshal.GetReference(peak);
        var meter = _meter.Broadcast.AsSpan();
        var flat = _flat.Broadcast.AsSpan();
        int meterTaps = _meter.Taps, meterOffset = _meter.Offset;
        int i = 0;
        for (; i + 8 <= peak.Length; i += 8)
        {
            nuint start = (nuint)(i + 1);
            // The meter's points.
            Vector256<float> m1 = default, m2 = default, m3 = default;
            for (int k = 0; k < meterTaps; k++)
            {
                var x = Vector256.LoadUnsafe(ref h, start + (nuint)(meterOffset + k));
                m1 = Vector256.FusedMultiplyAdd(meter[meterTaps + k], x, m1);
                m2 = Vector256.FusedMultiplyAdd(meter[2 * meterTaps + k], x, m2);
                m3 = Vector256.FusedMultiplyAdd(meter[3 * meterTaps + k], x, m3);
            }
            var y0 = Vector256.LoadUnsafe(ref h, start + Centre);
            var result = Vector256.Max(Vector256.Max(Vector256.Abs(m1), Vector256.Abs(m2)), Vector256.Max(Vector256.Abs(m3), Vector256.Abs(y0)));

            // The flat interpolator's points, from a quarter sample before m to m + 1, each refined.
            Vector256<float> a1 = default, a2 = default, a3 = default, before = default;
            var previous = Vector256.LoadUnsafe(ref h, start - 1);
            for (int k = 0; k < WindowTaps; k++)
            {
                var x = Vector256.LoadUnsafe(ref h, start + (nuint)k);
                var p1 = flat[WindowTaps + k];
                var p2 = flat[2 * WindowTaps + k];
                var p3 = flat[3 * WindowTaps + k];
                a1 = Vector256.FusedMultiplyAdd(p1, x, a1);
                a2 = Vector256.FusedMultiplyAdd(p2, x, a2);
                a3 = Vector256.FusedMultiplyAdd(p3, x, a3);
                before = Vector256.FusedMultiplyAdd(p3, previous, before);
                previous = x;
            }
            var y4 = Vector256.LoadUnsafe(ref h, start + Centre + 1);
            var refined = Vector256.Max(Vector256.Max(Refine(before, y0, a1), Refine(y0, a1, a2)), Vector256.Max(Refine(a1, a2, a3), Refine(a2, a3, y4)));
            result = Vector256.Max(result, refined);
            if (accumulate) result = Vector256.Max(result, Vector256.LoadUnsafe(ref p, (nuint)i));
            result.StoreUnsafe(ref p, (nuint)i);
        }
        return i;
    }

    /// <summary>
    /// |b|, or where b is a local maximum of the magnitude between a and c (same sign), the vertex of the
    /// parabola through the three: |b| + (a − c)²/(8(2|b| − a − c)), at most an eighth of |a − c| above |b|.
    /// </summary>
    private static Vector256<float> Refine(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        var sign = Vector256.ConditionalSelect(Vector256.LessThan(b, Vector256<float>.Zero), Vector256.Create(-1f), Vector256.Create(1f));
        var top = Vector256.Abs(b);
        var left = a * sign;
        var right = c * sign;
        var isMaximum = Vector256.GreaterThanOrEqual(top, left) & Vector256.GreaterThanOrEqual(top, right);
        var curvature = Vector256.Max(top + top - left - right, Vector256.Create(1e-30f));
        var difference = left - right;
        var vertex = top + difference * difference / (Vector256.Create(8f) * curvature);
        return Vector256.ConditionalSelect(isMaximum, vertex, top);
    }

    private static float Refine(float a, float b, float c)
    {
        float sign = b < 0 ? -1 : 1, top = Math.Abs(b), left = a * sign, right = c * sign;
        if (top < left || top < right) return top;
        float curvature = Math.Max(2 * top - left - right, 1e-30f);
        return top + (left - right) * (left - right) / (8 * curvature);
    }

    /// <summary>One interpolator's phases, placed at <see cref="Offset"/> in the detector's window.</summary>
    private sealed class Phases(float[][] phases, int offset)
    {
        public readonly float[][] Coefficients = phases;
        public readonly int Offset = offset;
        public readonly int Taps = phases[0].Length;
        public readonly Vector256<float>[] Broadcast = [.. phases.SelectMany(p => p).Select(Vector256.Create)];

        private float Point(ReadOnlySpan<float> history, int windowStart, int phase)
        {
            var taps = Coefficients[phase];
            float y = 0;
            for (int k = 0; k < taps.Length; k++) y = MathF.FusedMultiplyAdd(taps[k], history[windowStart + Offset + k], y);
            return y;
        }

        /// <summary>The largest magnitude of the sample m and the points after it.</summary>
        public float Peak(ReadOnlySpan<float> history, int windowStart, int factor)
        {
            float m = Math.Abs(history[windowStart + Centre]);
            for (int q = 1; q < factor; q++) m = Math.Max(m, Math.Abs(Point(history, windowStart, q)));
            return m;
        }

        /// <summary>The points from a quarter sample before m to m + 1, each refined by <see cref="Refine(float, float, float)"/>.</summary>
        public float RefinedPeak(ReadOnlySpan<float> history, int windowStart, int factor)
        {
            Span<float> y = stackalloc float[factor + 2];
            y[0] = factor == 1 ? history[windowStart + Centre - 1] : Point(history, windowStart - 1, factor - 1);
            y[1] = history[windowStart + Centre];
            for (int q = 1; q < factor; q++) y[q + 1] = Point(history, windowStart, q);
            y[factor + 1] = history[windowStart + Centre + 1];
            float m = 0;
            for (int k = 1; k <= factor; k++) m = Math.Max(m, Refine(y[k - 1], y[k], y[k + 1]));
            return m;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Effects;

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
public sealed class TruePeakDetector
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
    /// peak[i] = the true peak, over both channels, of the stretch whose window is history[i + 1 .. i + WindowTaps]
    /// (history[i] is the extra sample before). An empty <paramref name="right"/> means mono.
    /// </summary>
    public void Detect(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> peak)
    {
        if (right.IsEmpty) right = left;
        int i = 0;
        if (_factor == 4 && Vector256.IsHardwareAccelerated) i = DetectVector(left, right, peak);
        for (; i < peak.Length; i++)
            peak[i] = Math.Max(
                Math.Max(_meter.Peak(left, i + 1, _factor), _flat.RefinedPeak(left, i + 1, _factor)),
                Math.Max(_meter.Peak(right, i + 1, _factor), _flat.RefinedPeak(right, i + 1, _factor)));
    }

    /// <summary>Eight stretches of both channels at a time (4× only); returns how many were done.</summary>
    private int DetectVector(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> peak)
    {
        ref float hl = ref MemoryMarshal.GetReference(left);
        ref float hr = ref MemoryMarshal.GetReference(right);
        ref float p = ref MemoryMarshal.GetReference(peak);
        ref Vector256<float> meter = ref MemoryMarshal.GetArrayDataReference(_meter.Broadcast);
        ref Vector256<float> flat = ref MemoryMarshal.GetArrayDataReference(_flat.Broadcast);
        int meterTaps = _meter.Taps;
        nuint meterOffset = (nuint)_meter.Offset;
        // The flat interpolator's point a quarter sample before m is the previous stretch's last point: the
        // last point of the lane before, and for lane 0 the last point of the group before (at first, computed).
        var toNextLane = Vector256.Create(7, 0, 1, 2, 3, 4, 5, 6);
        var laneZero = Vector256.Create(-1, 0, 0, 0, 0, 0, 0, 0).AsSingle();
        var carryLeft = Vector256.Create(_flat.Point(left, 0, 3));
        var carryRight = Vector256.Create(_flat.Point(right, 0, 3));
        int i = 0;
        for (; i + 8 <= peak.Length; i += 8)
        {
            nuint start = (nuint)(i + 1);
            Vector256<float> l1 = default, l2 = default, l3 = default, r1 = default, r2 = default, r3 = default;
            for (int k = 0; k < meterTaps; k++)
            {
                var p1 = Unsafe.Add(ref meter, meterTaps + k);
                var p2 = Unsafe.Add(ref meter, 2 * meterTaps + k);
                var p3 = Unsafe.Add(ref meter, 3 * meterTaps + k);
                var xl = Vector256.LoadUnsafe(ref hl, start + meterOffset + (nuint)k);
                var xr = Vector256.LoadUnsafe(ref hr, start + meterOffset + (nuint)k);
                l1 = Vector256.FusedMultiplyAdd(p1, xl, l1);
                l2 = Vector256.FusedMultiplyAdd(p2, xl, l2);
                l3 = Vector256.FusedMultiplyAdd(p3, xl, l3);
                r1 = Vector256.FusedMultiplyAdd(p1, xr, r1);
                r2 = Vector256.FusedMultiplyAdd(p2, xr, r2);
                r3 = Vector256.FusedMultiplyAdd(p3, xr, r3);
            }
            var yl0 = Vector256.LoadUnsafe(ref hl, start + Centre);
            var yr0 = Vector256.LoadUnsafe(ref hr, start + Centre);
            var result = Vector256.MaxNative(
                Vector256.MaxNative(Vector256.MaxNative(Vector256.Abs(l1), Vector256.Abs(l2)), Vector256.MaxNative(Vector256.Abs(l3), Vector256.Abs(yl0))),
                Vector256.MaxNative(Vector256.MaxNative(Vector256.Abs(r1), Vector256.Abs(r2)), Vector256.MaxNative(Vector256.Abs(r3), Vector256.Abs(yr0))));

            l1 = l2 = l3 = r1 = r2 = r3 = default;
            for (int k = 0; k < WindowTaps; k++)
            {
                var p1 = Unsafe.Add(ref flat, WindowTaps + k);
                var p2 = Unsafe.Add(ref flat, 2 * WindowTaps + k);
                var p3 = Unsafe.Add(ref flat, 3 * WindowTaps + k);
                var xl = Vector256.LoadUnsafe(ref hl, start + (nuint)k);
                var xr = Vector256.LoadUnsafe(ref hr, start + (nuint)k);
                l1 = Vector256.FusedMultiplyAdd(p1, xl, l1);
                l2 = Vector256.FusedMultiplyAdd(p2, xl, l2);
                l3 = Vector256.FusedMultiplyAdd(p3, xl, l3);
                r1 = Vector256.FusedMultiplyAdd(p1, xr, r1);
                r2 = Vector256.FusedMultiplyAdd(p2, xr, r2);
                r3 = Vector256.FusedMultiplyAdd(p3, xr, r3);
            }
            var beforeLeft = Vector256.ConditionalSelect(laneZero, Vector256.Shuffle(carryLeft, toNextLane), Vector256.Shuffle(l3, toNextLane));
            var beforeRight = Vector256.ConditionalSelect(laneZero, Vector256.Shuffle(carryRight, toNextLane), Vector256.Shuffle(r3, toNextLane));
            carryLeft = l3;
            carryRight = r3;
            var yl4 = Vector256.LoadUnsafe(ref hl, start + Centre + 1);
            var yr4 = Vector256.LoadUnsafe(ref hr, start + Centre + 1);
            var refinedLeft = Vector256.MaxNative(Vector256.MaxNative(Refine(beforeLeft, yl0, l1), Refine(yl0, l1, l2)), Vector256.MaxNative(Refine(l1, l2, l3), Refine(l2, l3, yl4)));
            var refinedRight = Vector256.MaxNative(Vector256.MaxNative(Refine(beforeRight, yr0, r1), Refine(yr0, r1, r2)), Vector256.MaxNative(Refine(r1, r2, r3), Refine(r2, r3, yr4)));
            Vector256.MaxNative(result, Vector256.MaxNative(refinedLeft, refinedRight)).StoreUnsafe(ref p, (nuint)i);
        }
        return i;
    }

    /// <summary>
    /// |b|, or where b is a local maximum of the magnitude between a and c (same sign), the vertex of the
    /// parabola through the three: |b| + (a − c)²/(8(2|b| − a − c)), at most an eighth of |a − c| above |b|.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Refine(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        var sign = Vector256.ConditionalSelect(Vector256.LessThan(b, Vector256<float>.Zero), Vector256.Create(-1f), Vector256.Create(1f));
        var top = Vector256.Abs(b);
        var left = a * sign;
        var right = c * sign;
        var isMaximum = Vector256.GreaterThanOrEqual(top, left) & Vector256.GreaterThanOrEqual(top, right);
        var curvature = Vector256.MaxNative(top + top - left - right, Vector256.Create(1e-30f));
        var difference = left - right;
        var vertex = top + difference * difference / (Vector256.Create(8f) * curvature);
        return Vector256.ConditionalSelect(isMaximum, vertex, top);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

        /// <summary>One interpolated point: phase <paramref name="phase"/> of the window starting at <paramref name="windowStart"/>.</summary>
        public float Point(ReadOnlySpan<float> history, int windowStart, int phase)
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

using System.Numerics;
using AutoFoh.Dsp.Filters;
using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Mastering.Matching;

/// <summary>
/// The EQ that turns one long-term spectrum into another, Matchering-style: the per-bin ratio reference / input,
/// smoothed over a fraction of an octave (the ear does not hear single-bin detail, and single bins of music are
/// noise), limited to ±<see cref="MaxChangeDb"/>, scaled by the amount (0 = no change, 1 = the whole match), and made
/// into a linear-phase FIR (zero-phase design, Hann-windowed) whose delay the caller removes.
/// </summary>
public sealed class MatchingEq
{
    public const double MaxChangeDb = 12;
    public const double SmoothingOctaves = 1.0 / 3;
    /// <summary>Below and above these the curve is held flat: too little energy there to trust the ratio.</summary>
    public const double LowestHz = 20, HighestHz = 18000;

    private MatchingEq(double sampleRateHz, int fftSize, double[] curveDb)
    {
        SampleRateHz = sampleRateHz;
        FftSize = fftSize;
        CurveDb = curveDb;
    }

    public double SampleRateHz { get; }
    public int FftSize { get; }
    /// <summary>The change in dB at each bin (bin k at k·fs/N Hz).</summary>
    public double[] CurveDb { get; }

    /// <summary>The curve's change at <paramref name="frequencyHz"/> (linear interpolation between bins).</summary>
    public double ChangeDbAt(double frequencyHz)
    {
        double position = frequencyHz * FftSize / SampleRateHz;
        int k = Math.Clamp((int)position, 0, CurveDb.Length - 2);
        double t = Math.Clamp(position - k, 0, 1);
        return CurveDb[k] * (1 - t) + CurveDb[k + 1] * t;
    }

    public static MatchingEq Design(double[] inputMagnitude, double[] referenceMagnitude, double sampleRateHz, int fftSize, double amount)
    {
        int bins = inputMagnitude.Length;
        // Smoothing in power over a window of ±SmoothingOctaves/2 around each bin.
        var smoothed = new double[bins];
        var prefix = new double[bins + 1];
        var refPrefix = new double[bins + 1];
        for (int k = 0; k < bins; k++)
        {
            prefix[k + 1] = prefix[k] + inputMagnitude[k] * inputMagnitude[k];
            refPrefix[k + 1] = refPrefix[k] + referenceMagnitude[k] * referenceMagnitude[k];
        }
        double half = Math.Pow(2, SmoothingOctaves / 2);
        double binHz = sampleRateHz / fftSize;
        int lowest = Math.Max(1, (int)Math.Round(LowestHz / binHz)), highest = Math.Min(bins - 1, (int)Math.Round(HighestHz / binHz));
        for (int k = 1; k < bins; k++)
        {
            int a = Math.Max(1, (int)Math.Floor(k / half)), b = Math.Min(bins - 1, (int)Math.Ceiling(k * half));
            double input = prefix[b + 1] - prefix[a], reference = refPrefix[b + 1] - refPrefix[a];
            double db = input > 0 && reference > 0 ? 10 * Math.Log10(reference / input) : 0;
            smoothed[k] = db;
        }
        // Hold the ends, take out the overall level (energy-weighted over the input, so the loudness stage sets the
        // level and the EQ only shapes), then limit and scale by the amount.
        var curve = new double[bins];
        for (int k = 0; k < bins; k++) curve[k] = smoothed[Math.Clamp(k, lowest, highest)];
        double sum = 0, weight = 0;
        for (int k = 0; k < bins; k++)
        {
            double w = inputMagnitude[k] * inputMagnitude[k];
            sum += w * Math.Pow(10, curve[k] / 10);
            weight += w;
        }
        double levelDb = weight > 0 && sum > 0 ? 10 * Math.Log10(sum / weight) : 0;
        for (int k = 0; k < bins; k++) curve[k] = Math.Clamp(curve[k] - levelDb, -MaxChangeDb, MaxChangeDb) * amount;
        return new MatchingEq(sampleRateHz, fftSize, curve);
    }

    /// <summary>The linear-phase FIR (length FftSize − 1, odd, symmetric) of the curve; its delay is (length − 1)/2 samples.</summary>
    public float[] ImpulseResponse()
    {
        var fft = new RealFft(FftSize);
        var spectrum = new Complex[fft.BinCount];
        for (int k = 0; k < spectrum.Length; k++) spectrum[k] = Math.Pow(10, CurveDb[k] / 20);
        var zeroPhase = new float[FftSize];
        fft.Inverse(spectrum, zeroPhase);
        int length = FftSize - 1, centre = length / 2;
        var ir = new float[length];
        for (int n = 0; n < length; n++)
        {
            int lag = n - centre;
            float tap = zeroPhase[(lag + FftSize) % FftSize];
            double w = 0.5 * (1 + Math.Cos(2 * Math.PI * lag / (length + 1)));
            ir[n] = (float)(tap * w);
        }
        return ir;
    }

    /// <summary>Filters <paramref name="signal"/> with the FIR, delay removed (output sample n lines up with input n).</summary>
    public float[] Apply(float[] signal)
    {
        var ir = ImpulseResponse();
        var convolver = new FftConvolver(ir);
        int delay = (ir.Length - 1) / 2;
        var full = convolver.Convolve(signal);
        var aligned = new float[signal.Length];
        Array.Copy(full, delay, aligned, 0, Math.Min(signal.Length, full.Length - delay));
        return aligned;
    }
}

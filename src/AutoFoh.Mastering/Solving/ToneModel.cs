using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Solving;

/// <summary>
/// What the master's linear tone stages (tilt/shelf EQ, M/S width) will do to the figures, predicted from the
/// long-term spectra of the signal that enters them, without rendering. Because an LTI filter multiplies each
/// frame's spectrum by |H(f)|, the long-term average magnitude spectrum of the mono downmix (what the centroid is
/// measured on, Hann 4096, 50 % overlap) becomes |H|·M, and the mid and side powers become |H|²·P; so the centroid,
/// ms_ratio and band shares of any EQ setting are sums over 2049 bins. The solver searches here, then renders once
/// to correct for what the model leaves out (the limiter, the filters' transients).
/// </summary>
public sealed class ToneModel
{
    public const int FftSize = 4096;
    private readonly double _rateHz;
    private readonly double[] _frequencyHz;
    private readonly double[] _monoMagnitude;   // long-term average |mid| (the centroid meter's mono downmix)
    private readonly double[] _midPower, _sidePower;

    private ToneModel(double rateHz, double[] monoMagnitude, double[] midPower, double[] sidePower)
    {
        _rateHz = rateHz;
        _monoMagnitude = monoMagnitude;
        _midPower = midPower;
        _sidePower = sidePower;
        _frequencyHz = Enumerable.Range(0, monoMagnitude.Length).Select(k => k * rateHz / FftSize).ToArray();
    }

    /// <summary>Analyses a stereo signal (planar) once.</summary>
    public static ToneModel Analyse(float[] left, float[] right, double sampleRateHz)
    {
        var stft = new MidSideStft(FftSize);
        int bins = stft.BinCount;
        var magnitude = new double[bins];
        var midPower = new double[bins];
        var sidePower = new double[bins];
        for (int f = 0, count = stft.FrameCount(left.Length); f < count; f++)
        {
            stft.Analyse(left, right, f);
            var midSpectrum = stft.Mid;
            var sideSpectrum = stft.Side;
            for (int k = 0; k < bins; k++)
            {
                magnitude[k] += midSpectrum[k].Magnitude;
                midPower[k] += midSpectrum[k].Real * midSpectrum[k].Real + midSpectrum[k].Imaginary * midSpectrum[k].Imaginary;
                sidePower[k] += sideSpectrum[k].Real * sideSpectrum[k].Real + sideSpectrum[k].Imaginary * sideSpectrum[k].Imaginary;
            }
        }
        return new ToneModel(sampleRateHz, magnitude, midPower, sidePower);
    }

    /// <summary>|H(f)| of the tilt/shelf EQ at every analysis bin: the master's own <see cref="TiltEq"/>, asked for its magnitude.</summary>
    public double[] Response(TiltEqSettings settings)
    {
        var eq = new TiltEq(settings);
        eq.Prepare((int)_rateHz, 1);
        var response = new double[_frequencyHz.Length];
        for (int k = 0; k < response.Length; k++) response[k] = eq.Magnitude(Math.Clamp(_frequencyHz[k], 1, _rateHz / 2 * 0.9999));
        return response;
    }

    public double CentroidHz(double[] response)
    {
        double weighted = 0, total = 0;
        for (int k = 0; k < response.Length; k++)
        {
            double m = response[k] * _monoMagnitude[k];
            weighted += _frequencyHz[k] * m;
            total += m;
        }
        return total > 0 ? weighted / total : 0;
    }

    /// <summary>RMS(side)/RMS(mid) after the EQ, before the width stage.</summary>
    public double MsRatio(double[] response)
    {
        double mid = 0, side = 0;
        for (int k = 0; k < response.Length; k++)
        {
            double h2 = response[k] * response[k];
            mid += h2 * _midPower[k];
            side += h2 * _sidePower[k];
        }
        return mid > 0 ? Math.Sqrt(side / mid) : 0;
    }

    /// <summary>Shares of the mono downmix's energy below 250 Hz, 250 Hz–4 kHz and above 4 kHz.</summary>
    public FrequencyBalance Balance(double[] response)
    {
        double low = 0, mid = 0, high = 0;
        for (int k = 1; k < response.Length; k++)
        {
            double e = response[k] * response[k] * _midPower[k];
            if (_frequencyHz[k] < FrequencyBalance.LowMidSplitHz) low += e;
            else if (_frequencyHz[k] < FrequencyBalance.MidHighSplitHz) mid += e;
            else high += e;
        }
        double total = low + mid + high;
        return total > 0 ? new FrequencyBalance(low / total, mid / total, high / total) : new FrequencyBalance(0, 0, 0);
    }

    /// <summary>Power gain of the EQ and then a side gain of <paramref name="width"/> on the whole signal (mid + side), in dB: how much louder they make the mix, roughly.</summary>
    public double PowerGainDb(double[] response, double width = 1)
    {
        double before = 0, after = 0;
        for (int k = 0; k < response.Length; k++)
        {
            double h2 = response[k] * response[k];
            before += _midPower[k] + _sidePower[k];
            after += h2 * (_midPower[k] + width * width * _sidePower[k]);
        }
        return before > 0 && after > 0 ? 10 * Math.Log10(after / before) : 0;
    }

    /// <summary>
    /// The EQ that gives <paramref name="centroidHz"/> (bisection over the tilt, monotone in it) with the low shelf that brings
    /// the low-band share nearest <paramref name="lowShare"/> without needing a tilt past the range.
    /// </summary>
    public TiltEqSettings Solve(TiltEqSettings start, double centroidHz, double lowShare, double maxTiltDb = 24, double maxLowShelfDb = 6)
    {
        TiltEqSettings? best = null;
        double bestCost = double.PositiveInfinity;
        for (double shelf = -maxLowShelfDb; shelf <= maxLowShelfDb + 1e-9; shelf += 1)
        {
            var candidate = SolveTone(start with { LowShelfDb = shelf }, centroidHz, maxTiltDb);
            var response = Response(candidate);
            double centroidError = Math.Abs(CentroidHz(response) / centroidHz - 1);
            double cost = Math.Abs(Balance(response).Low - lowShare) + 10 * centroidError + 0.002 * Math.Abs(candidate.TiltDb) + 0.001 * Math.Abs(shelf);
            if (cost < bestCost) { bestCost = cost; best = candidate; }
        }
        return best!;
    }

    /// <summary>
    /// The tilt that gives <paramref name="centroidHz"/>; when even the widest tilt cannot reach it, that tilt and a cut
    /// (a high cut for material too bright, a low cut for material too dark) at the frequency that does.
    /// </summary>
    public TiltEqSettings SolveTone(TiltEqSettings eq, double centroidHz, double maxTiltDb = 24)
    {
        var tilted = SolveTilt(eq with { LowCutHz = 0, HighCutHz = 0 }, centroidHz, maxTiltDb);
        double reached = CentroidHz(Response(tilted));
        if (Math.Abs(reached / centroidHz - 1) < 1e-3) return tilted;
        bool tooBright = reached > centroidHz;
        // Bisection on the log of the cut frequency; the centroid is monotone in it.
        double lo = Math.Log(tooBright ? 200 : 20), hi = Math.Log(tooBright ? 20000 : 4000);
        TiltEqSettings With(double logHz) => tooBright ? tilted with { HighCutHz = Math.Exp(logHz) } : tilted with { LowCutHz = Math.Exp(logHz) };
        for (int i = 0; i < 40; i++)
        {
            double mid = (lo + hi) / 2;
            double c = CentroidHz(Response(With(mid)));
            // A lower high cut darkens; a higher low cut brightens.
            if (tooBright == (c > centroidHz)) { if (tooBright) hi = mid; else lo = mid; }
            else { if (tooBright) lo = mid; else hi = mid; }
        }
        return With((lo + hi) / 2);
    }

    /// <summary>The tilt that gives <paramref name="centroidHz"/> with the other shelves held; the end of the range when it cannot be reached.</summary>
    public TiltEqSettings SolveTilt(TiltEqSettings eq, double centroidHz, double maxTiltDb = 24)
    {
        double lo = -maxTiltDb, hi = maxTiltDb;
        if (CentroidHz(Response(eq with { TiltDb = lo })) >= centroidHz) return eq with { TiltDb = lo };
        if (CentroidHz(Response(eq with { TiltDb = hi })) <= centroidHz) return eq with { TiltDb = hi };
        for (int i = 0; i < 40; i++)
        {
            double t = (lo + hi) / 2;
            if (CentroidHz(Response(eq with { TiltDb = t })) < centroidHz) lo = t; else hi = t;
        }
        return eq with { TiltDb = (lo + hi) / 2 };
    }
}

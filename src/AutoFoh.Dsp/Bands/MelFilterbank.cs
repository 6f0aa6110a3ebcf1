namespace AutoFoh.Dsp.Bands;

/// <summary>
/// Triangular mel filters over the bins of a real FFT (HTK mel scale, mel = 2595·log10(1 + f/700)), as
/// VGGish's front end uses them: <c>bands</c> filters whose edges are equally spaced in mel between
/// <c>lowHz</c> and <c>highHz</c>, each rising from its lower edge to its centre and falling to its upper
/// edge (peak 1). <see cref="Apply"/> maps a power or magnitude spectrum to band energies.
/// </summary>
public sealed class MelFilterbank
{
    private readonly int[] _first;
    private readonly float[][] _weights;

    public MelFilterbank(int bands, int fftSize, double sampleRateHz, double lowHz, double highHz)
    {
        if (bands < 1) throw new ArgumentOutOfRangeException(nameof(bands), bands, "at least one band");
        if (!(lowHz >= 0 && highHz > lowHz && highHz <= sampleRateHz / 2)) throw new ArgumentException($"mel range {lowHz}..{highHz} Hz must lie within 0..{sampleRateHz / 2} Hz");
        Bands = bands;
        BinCount = fftSize / 2 + 1;
        double melLow = Mel(lowHz), melHigh = Mel(highHz);
        var edges = Enumerable.Range(0, bands + 2).Select(k => Hz(melLow + (melHigh - melLow) * k / (bands + 1))).ToArray();
        _first = new int[bands];
        _weights = new float[bands][];
        for (int b = 0; b < bands; b++)
        {
            double lower = edges[b], centre = edges[b + 1], upper = edges[b + 2];
            var weights = new List<float>();
            int first = -1;
            for (int k = 0; k < BinCount; k++)
            {
                double f = k * sampleRateHz / fftSize;
                double w = f <= lower || f >= upper ? 0 : f <= centre ? (f - lower) / (centre - lower) : (upper - f) / (upper - centre);
                if (w <= 0) { if (first >= 0) break; continue; }
                if (first < 0) first = k;
                weights.Add((float)w);
            }
            _first[b] = Math.Max(0, first);
            _weights[b] = weights.ToArray();
        }
    }

    public int Bands { get; }
    public int BinCount { get; }

    public static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);
    public static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>Band energies of <paramref name="spectrum"/> (one value per FFT bin) into <paramref name="bands"/>.</summary>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> bands)
    {
        if (spectrum.Length != BinCount) throw new ArgumentException($"{spectrum.Length} bins, expected {BinCount}", nameof(spectrum));
        for (int b = 0; b < Bands; b++)
        {
            var w = _weights[b];
            var s = spectrum.Slice(_first[b], w.Length);
            float sum = 0;
            for (int k = 0; k < w.Length; k++) sum += w[k] * s[k];
            bands[b] = sum;
        }
    }
}

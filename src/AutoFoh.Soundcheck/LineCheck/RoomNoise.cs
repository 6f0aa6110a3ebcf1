using AutoFoh.Soundcheck.Dominance;

namespace AutoFoh.Soundcheck.LineCheck;

/// <summary>
/// The microphone's noise floor in the one-second analysis, measured from the room tone, and its removal
/// from a take's magnitude spectrum (power spectral subtraction). The noise power of one bin in one window
/// is exponentially distributed around its mean, so it exceeds three times the mean in 5% of the bins:
/// the top 5% that the dominance counts. Subtracting <see cref="OverSubtraction"/> times the mean removes
/// nearly all of it, and a take's partials that stand clear of the noise keep their level.
/// </summary>
public sealed class RoomNoise
{
    private readonly float[] _power;   // mean noise power per bin, smoothed across frequency

    public RoomNoise(PerceptualDominance analysis, float[] roomTone, int smoothBins = 8, float overSubtraction = 3)
    {
        int window = analysis.WindowSamples, hop = Math.Max(1, window / 4);
        if (roomTone.Length < window) throw new LineCheckException("room", $"the room tone has {roomTone.Length} samples, the analysis needs {window}");
        int bins = analysis.Magnitudes(0).Length, windows = 0;
        var sum = new double[bins];
        var saved = analysis.Magnitudes(0).ToArray();
        for (int start = 0; start + window <= roomTone.Length; start += hop, windows++)
        {
            analysis.LoadMagnitudes(0, roomTone.AsSpan(start, window));
            var m = analysis.Magnitudes(0);
            for (int k = 0; k < bins; k++) sum[k] += (double)m[k] * m[k];
        }
        analysis.SetMagnitudes(0, saved);
        _power = new float[bins];
        double running = 0;
        int count = 0;
        // Moving average over ±smoothBins (fewer at the edges).
        for (int k = 0; k < Math.Min(smoothBins, bins); k++) { running += sum[k]; count++; }
        for (int k = 0; k < bins; k++)
        {
            int enter = k + smoothBins, leave = k - smoothBins - 1;
            if (enter < bins) { running += sum[enter]; count++; }
            if (leave >= 0) { running -= sum[leave]; count--; }
            _power[k] = (float)(Math.Max(running, 0) / count / windows);
        }
        OverSubtraction = overSubtraction;
    }

    public float OverSubtraction { get; }

    /// <summary>The mean noise power per bin (smoothed across frequency).</summary>
    public ReadOnlySpan<float> Power => _power;

    /// <summary>Takes the noise out of one window's magnitudes, in place: |X| → √max(|X|² − a·N², 0).</summary>
    public void Subtract(Span<float> magnitudes)
    {
        if (magnitudes.Length != _power.Length) throw new ArgumentException($"{magnitudes.Length} bins, the noise has {_power.Length}", nameof(magnitudes));
        for (int k = 0; k < magnitudes.Length; k++)
        {
            float p = magnitudes[k] * magnitudes[k] - OverSubtraction * _power[k];
            magnitudes[k] = p > 0 ? MathF.Sqrt(p) : 0f;
        }
    }
}

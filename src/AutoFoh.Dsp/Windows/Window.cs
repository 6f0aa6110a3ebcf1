namespace AutoFoh.Dsp.Windows;

/// <summary>The analysis windows AutoFOH uses, built once and reused.</summary>
public enum WindowType
{
    Rectangular,
    /// <summary>Periodic Hann: sums to a constant at 50% and 75% overlap, so the STFT inverts exactly.</summary>
    Hann,
    Hamming,
    BlackmanHarris,
}

public static class Window
{
    /// <summary>A periodic window of <paramref name="length"/> samples (the DFT-even form used for spectral analysis).</summary>
    public static float[] Create(WindowType type, int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "window length must be positive");
        var w = new float[length];
        for (int n = 0; n < length; n++)
        {
            double x = 2.0 * Math.PI * n / length;
            w[n] = type switch
            {
                WindowType.Rectangular => 1f,
                WindowType.Hann => (float)(0.5 - 0.5 * Math.Cos(x)),
                WindowType.Hamming => (float)(0.54 - 0.46 * Math.Cos(x)),
                // 4-term Blackman-Harris (Harris 1978, table 1): -92 dB side lobes.
                WindowType.BlackmanHarris => (float)(0.35875 - 0.48829 * Math.Cos(x) + 0.14128 * Math.Cos(2 * x) - 0.01168 * Math.Cos(3 * x)),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown window"),
            };
        }
        return w;
    }
}

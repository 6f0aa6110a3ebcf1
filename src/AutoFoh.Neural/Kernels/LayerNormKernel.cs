namespace AutoFoh.Neural.Kernels;

/// <summary>Layer normalisation of one row: (x − mean) / √(var + eps), biased variance as torch.</summary>
public static class LayerNormKernel
{
    public static void Normalize(ReadOnlySpan<float> x, Span<float> output, float eps, out float inverseStd)
    {
        double mean = 0;
        foreach (float v in x) mean += v;
        mean /= x.Length;
        double variance = 0;
        foreach (float v in x) variance += (v - mean) * (v - mean);
        variance /= x.Length;
        inverseStd = (float)(1 / Math.Sqrt(variance + eps));
        for (int i = 0; i < x.Length; i++) output[i] = (float)((x[i] - mean) * inverseStd);
    }

    /// <summary>Normalise then scale and shift in place (inference path).</summary>
    public static void Apply(Span<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps)
    {
        Normalize(x, x, eps, out _);
        for (int i = 0; i < x.Length; i++) x[i] = x[i] * weight[i] + bias[i];
    }
}

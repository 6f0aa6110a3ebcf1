namespace AutoFoh.Dsp.Features;

/// <summary>RMS of consecutive windows of a mono signal, the building block of activity and dynamics measures.</summary>
public static class WindowedRms
{
    /// <summary>
    /// RMS of windows of <paramref name="windowSamples"/> taken every <paramref name="hopSamples"/>; the last
    /// window may be shorter (its RMS is over the samples it has). Empty input gives no windows.
    /// </summary>
    public static float[] Compute(ReadOnlySpan<float> signal, int windowSamples, int hopSamples)
    {
        if (windowSamples <= 0) throw new ArgumentOutOfRangeException(nameof(windowSamples), windowSamples, "window must be at least one sample");
        if (hopSamples <= 0) throw new ArgumentOutOfRangeException(nameof(hopSamples), hopSamples, "hop must be at least one sample");
        if (signal.IsEmpty) return [];
        int count = signal.Length <= windowSamples ? 1 : 1 + (signal.Length - windowSamples + hopSamples - 1) / hopSamples;
        var result = new float[count];
        for (int w = 0; w < count; w++)
        {
            int start = w * hopSamples;
            var window = signal.Slice(start, Math.Min(windowSamples, signal.Length - start));
            double sum = 0;
            foreach (float x in window) sum += (double)x * x;
            result[w] = (float)Math.Sqrt(sum / window.Length);
        }
        return result;
    }
}

namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// Scale-invariant signal-to-distortion ratio (Le Roux et al., "SDR — half-baked or well done?", 2019):
/// the estimate is projected on the reference, SI-SDR = 10·log10(|αs|² / |αs − ŝ|²), α = ⟨ŝ, s⟩/|s|².
/// Insensitive to the estimate's gain, which a separator cannot know.
/// </summary>
public static class SiSdr
{
    public static double Db(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference)
    {
        int n = Math.Min(estimate.Length, reference.Length);
        double dot = 0, energy = 0;
        for (int i = 0; i < n; i++) { dot += (double)estimate[i] * reference[i]; energy += (double)reference[i] * reference[i]; }
        if (energy == 0) throw new ArgumentException("the reference is silent", nameof(reference));
        double alpha = dot / energy, target = 0, error = 0;
        for (int i = 0; i < n; i++)
        {
            double s = alpha * reference[i];
            target += s * s;
            error += (s - estimate[i]) * (s - estimate[i]);
        }
        return 10 * Math.Log10(Math.Max(target, 1e-30) / Math.Max(error, 1e-30));
    }
}

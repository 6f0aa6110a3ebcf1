namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// The evaluation's balance error as a training term, for simulated data whose recipe is known: instrument
/// i reaches the mix with power Σ_{s,c} G_{c,s}·B_{s,c,i} (G = the power gain of channel c during decision
/// s; B = the path's energy from instrument i to microphone c, times c's staging, times i's dry power in
/// that stretch), and its target power is Σ_s T_{s,i}. The error e_i is the dB difference of the two
/// shares (<see cref="MixMetrics.BalanceErrorsDb"/>); the term is the mean Huber loss of e_i
/// (δ = 1 dB). With g in dB, ∂e_i/∂dB_{c,s} = G_{c,s}·(B_{s,c,i}/mixed_i − Σ_j B_{s,c,j}/M), M = Σ_j mixed_j.
/// The model never sees the recipe; it only learns from it.
/// </summary>
public static class BalanceLoss
{
    /// <summary>Returns the term and adds weight·∂term/∂dB into <paramref name="gradientDb"/> ([steps·channels], step-major).</summary>
    public static double Evaluate(double[,,] paths, double[,] targetPower, ReadOnlySpan<float> gainsDb, Span<float> gradientDb, double weight)
    {
        int steps = paths.GetLength(0), channels = paths.GetLength(1), instruments = paths.GetLength(2);
        var power = new double[steps * channels];
        for (int i = 0; i < power.Length; i++) power[i] = Math.Pow(10, gainsDb[i] / 10);
        var mixed = new double[instruments];
        var target = new double[instruments];
        for (int s = 0; s < steps; s++)
            for (int i = 0; i < instruments; i++)
            {
                target[i] += targetPower[s, i];
                for (int c = 0; c < channels; c++) mixed[i] += power[s * channels + c] * paths[s, c, i];
            }
        double mixedTotal = mixed.Sum(), targetTotal = target.Sum();
        if (mixedTotal <= 0 || targetTotal <= 0) return 0;
        var slope = new double[instruments];
        double loss = 0;
        int counted = 0;
        for (int i = 0; i < instruments; i++)
        {
            if (mixed[i] <= 0 || target[i] <= 0) continue;
            double e = 10 * Math.Log10(mixed[i] / mixedTotal / (target[i] / targetTotal));
            loss += Math.Abs(e) <= 1 ? 0.5 * e * e : Math.Abs(e) - 0.5;
            slope[i] = Math.Clamp(e, -1, 1);
            counted++;
        }
        if (counted == 0) return 0;
        for (int s = 0; s < steps; s++)
            for (int c = 0; c < channels; c++)
            {
                double all = 0;
                for (int j = 0; j < instruments; j++) all += paths[s, c, j];
                double sum = 0;
                for (int i = 0; i < instruments; i++)
                    if (slope[i] != 0) sum += slope[i] * (paths[s, c, i] / mixed[i] - all / mixedTotal);
                gradientDb[s * channels + c] += (float)(weight * power[s * channels + c] * sum / counted);
            }
        return loss / counted;
    }
}

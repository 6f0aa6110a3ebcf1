using AutoFoh.Lab.LiveMix;

namespace AutoFoh.LiveMix.Tests;

public class BalanceLossTests
{
    private static (double[,,], double[,]) Case()
    {
        // Two stretches, three channels/instruments; own paths 1, bleed 0.05-0.2; staging −10, +6, 0 dB.
        double[] staging = [-10, 6, 0];
        double[,] bleed = { { 1, 0.1, 0.05 }, { 0.2, 1, 0.1 }, { 0.05, 0.1, 1 } };
        double[,] dry = { { 1, 2, 0.5 }, { 0.8, 1.5, 1 } };
        double[] targetDb = [2, 0, -3];
        var paths = new double[2, 3, 3];
        var target = new double[2, 3];
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < 3; i++)
            {
                target[s, i] = Math.Pow(10, targetDb[i] / 10) * dry[s, i];
                for (int c = 0; c < 3; c++) paths[s, c, i] = Math.Pow(10, staging[c] / 10) * bleed[c, i] * dry[s, i];
            }
        return (paths, target);
    }

    [Fact]
    public void The_gradient_matches_finite_differences_and_the_staging_undone_scores_near_zero()
    {
        var (paths, target) = Case();
        float[] gains = [3, -2, 1, 4, -5, 0];
        var gradient = new float[6];
        double loss = BalanceLoss.Evaluate(paths, target, gains, gradient, 1);
        Assert.True(loss > 0.5);
        for (int k = 0; k < 6; k++)
        {
            var up = (float[])gains.Clone(); up[k] += 0.01f;
            var down = (float[])gains.Clone(); down[k] -= 0.01f;
            double numeric = (BalanceLoss.Evaluate(paths, target, up, new float[6], 1) - BalanceLoss.Evaluate(paths, target, down, new float[6], 1)) / 0.02;
            Assert.InRange(gradient[k], numeric - 0.02 * Math.Abs(numeric) - 1e-3, numeric + 0.02 * Math.Abs(numeric) + 1e-3);
        }
        // Undoing the staging and setting the target offsets leaves only the bleed's error: small.
        float[] right = [12, -6, -3, 12, -6, -3];
        Assert.True(BalanceLoss.Evaluate(paths, target, right, new float[6], 1) < 0.2 * loss);
    }
}

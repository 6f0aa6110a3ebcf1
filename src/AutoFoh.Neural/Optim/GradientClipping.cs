namespace AutoFoh.Neural.Optim;

public static class GradientClipping
{
    /// <summary>
    /// torch.nn.utils.clip_grad_norm_: scales all gradients so their joint L2 norm is at most
    /// <paramref name="maxNorm"/>; returns the norm before clipping.
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        var grads = parameters.Where(p => p.Grad is not null).Select(p => p.Grad!.Data).ToList();
        double sum = 0;
        foreach (var g in grads) foreach (float v in g) sum += (double)v * v;
        double norm = Math.Sqrt(sum);
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1)
            foreach (var g in grads)
                for (int i = 0; i < g.Length; i++) g[i] = (float)(g[i] * scale);
        return norm;
    }
}

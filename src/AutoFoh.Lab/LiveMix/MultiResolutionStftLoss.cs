using System.Numerics;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// The automixer's training loss and its gradient. The loss is
/// <see cref="MixMetrics.MultiResolutionStft"/> (spectral convergence plus mean log-magnitude difference at
/// FFT 512/1024/4096, hop 25%, Hann), so training lowers exactly the figure the evaluation reports.
///
/// The gradient is taken with respect to the mix signal y itself: ∂L/∂|Y| at every bin becomes
/// ∂L/∂Y = ∂L/∂|Y|·Y/|Y|, which the adjoint of the real FFT (an inverse FFT with the non-edge bins halved
/// and no 1/N) and the window carry back to ∂L/∂y(t), overlap-added over frames. The mix is
/// y(t) = Σ g_c(t)·x_c(t), so the gradient of any gain, constant or changing every 50 ms, is a dot
/// product ∂L/∂g = Σ_t ∂L/∂y(t)·x_c(t) over the samples it multiplies: no differentiable STFT is needed
/// in the autograd engine, and one STFT of the mix serves every channel. Not thread-safe.
/// </summary>
public sealed class MultiResolutionStftLoss
{
    private const double Epsilon = 1e-7;
    private readonly Dictionary<int, (RealFft Fft, float[] Window)> _transforms = [];

    /// <summary>The loss of <paramref name="mix"/> against <paramref name="target"/>, and ∂loss/∂mix[t] into <paramref name="gradient"/>.</summary>
    public double EvaluateSignal(ReadOnlySpan<float> mix, ReadOnlySpan<float> target, Span<double> gradient)
    {
        int length = target.Length;
        if (mix.Length != length || gradient.Length != length) throw new ArgumentException($"the mix has {mix.Length} samples and the gradient {gradient.Length}, the target {length}");
        gradient.Clear();
        double loss = 0, resolutions = MixMetrics.StftSizes.Length;
        foreach (int size in MixMetrics.StftSizes)
        {
            if (!_transforms.TryGetValue(size, out var transform)) _transforms[size] = transform = (new RealFft(size), Window.Create(WindowType.Hann, size));
            var (fft, window) = transform;
            int hop = size / 4, bins = fft.BinCount, frames = length >= size ? 1 + (length - size) / hop : 0;
            if (frames == 0) throw new ArgumentException($"the signals are shorter than one {size}-sample frame");
            var y = new Complex[frames * bins];
            var t = new double[frames * bins];
            var buffer = new float[size];
            var spectrum = new Complex[bins];
            for (int f = 0; f < frames; f++)
            {
                for (int k = 0; k < size; k++) buffer[k] = mix[f * hop + k] * window[k];
                fft.Forward(buffer, spectrum);
                spectrum.CopyTo(y, f * bins);
                for (int k = 0; k < size; k++) buffer[k] = target[f * hop + k] * window[k];
                fft.Forward(buffer, spectrum);
                for (int k = 0; k < bins; k++) t[f * bins + k] = spectrum[k].Magnitude;
            }
            double difference = 0, reference = 0, logDifference = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double m = y[i].Magnitude, d = m - t[i];
                difference += d * d;
                reference += t[i] * t[i];
                logDifference += Math.Abs(Math.Log(m + Epsilon) - Math.Log(t[i] + Epsilon));
            }
            double norm = Math.Sqrt(difference), referenceNorm = Math.Max(Math.Sqrt(reference), 1e-12), cells = y.Length;
            loss += (norm / referenceNorm + logDifference / cells) / resolutions;
            // A mix that is not finite (gains of a diverged model) has no gradient: the caller's LossGuard stops the run.
            if (!double.IsFinite(loss)) return double.NaN;
            // ∂L/∂Y per frame, back through the FFT's adjoint and the window.
            for (int f = 0; f < frames; f++)
            {
                for (int k = 0; k < bins; k++)
                {
                    int i = f * bins + k;
                    double m = y[i].Magnitude;
                    if (m == 0) { spectrum[k] = 0; continue; }
                    double sc = norm > 0 ? (m - t[i]) / (norm * referenceNorm) : 0;
                    double lm = Math.Sign(Math.Log(m + Epsilon) - Math.Log(t[i] + Epsilon)) / ((m + Epsilon) * cells);
                    double dm = (sc + lm) / resolutions;
                    // Inverse computes (1/N)[Z0 + Z_{N/2}(−1)^n + 2Σ Re(Z_k e^{iθ})]; the adjoint wants Σ_k Re(G_k e^{iθ}).
                    double scale = k == 0 || k == bins - 1 ? size : size / 2.0;
                    spectrum[k] = y[i] * (dm / m * scale);
                }
                spectrum[0] = spectrum[0].Real;
                spectrum[bins - 1] = spectrum[bins - 1].Real;
                fft.Inverse(spectrum, buffer);
                for (int k = 0; k < size; k++) gradient[f * hop + k] += buffer[k] * window[k];
            }
        }
        return loss;
    }

    /// <summary>
    /// MR-STFT of the mix scaled to the target's RMS, y' = s·y with s = ‖T‖/‖y‖, plus levelWeight·(level
    /// difference in dB)²; returns the MR-STFT term (the evaluation's figure) and writes ∂/∂y of the whole
    /// into <paramref name="gradient"/>. Through the scale, ∂L/∂y = s·(g − y·(g·y)/(y·y)) with g = ∂L/∂y'.
    /// </summary>
    public double EvaluateLevelMatched(ReadOnlySpan<float> mix, ReadOnlySpan<float> target, Span<double> gradient, double levelWeight)
    {
        double mixEnergy = 0, targetEnergy = 0;
        for (int n = 0; n < mix.Length; n++) { mixEnergy += (double)mix[n] * mix[n]; targetEnergy += (double)target[n] * target[n]; }
        if (mixEnergy <= 0 || targetEnergy <= 0) return EvaluateSignal(mix, target, gradient);
        double scale = Math.Sqrt(targetEnergy / mixEnergy);
        var scaled = new float[mix.Length];
        for (int n = 0; n < mix.Length; n++) scaled[n] = (float)(scale * mix[n]);
        double loss = EvaluateSignal(scaled, target, gradient);
        double along = 0;
        for (int n = 0; n < mix.Length; n++) along += gradient[n] * mix[n];
        double levelDb = 10 * Math.Log10(mixEnergy / targetEnergy);
        double levelSlope = levelWeight * 2 * levelDb * 10 / Math.Log(10) * 2 / mixEnergy;
        for (int n = 0; n < mix.Length; n++)
            gradient[n] = scale * (gradient[n] - mix[n] * along / mixEnergy) + levelSlope * mix[n];
        return loss;
    }

    /// <summary>The loss of the mix Σ gains[c]·channels[c] against <paramref name="target"/>, and ∂loss/∂gains[c] into <paramref name="gradient"/>.</summary>
    public double Evaluate(IReadOnlyList<float[]> channels, float[] target, ReadOnlySpan<double> gains, Span<double> gradient)
    {
        int count = channels.Count, length = target.Length;
        if (gains.Length != count || gradient.Length != count) throw new ArgumentException($"{count} channels need {count} gains and gradient slots");
        foreach (var channel in channels) if (channel.Length != length) throw new ArgumentException($"a channel has {channel.Length} samples, the target {length}");
        var mix = new float[length];
        for (int c = 0; c < count; c++)
        {
            float g = (float)gains[c];
            var x = channels[c];
            for (int n = 0; n < length; n++) mix[n] += g * x[n];
        }
        var signal = new double[length];
        double loss = EvaluateSignal(mix, target, signal);
        for (int c = 0; c < count; c++)
        {
            double sum = 0;
            var x = channels[c];
            for (int n = 0; n < length; n++) sum += signal[n] * x[n];
            gradient[c] = sum;
        }
        return loss;
    }
}

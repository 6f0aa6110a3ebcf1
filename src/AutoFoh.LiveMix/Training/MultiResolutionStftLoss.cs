using System.Numerics;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;
using AutoFoh.LiveMix.Evaluation;

namespace AutoFoh.LiveMix.Training;

/// <summary>
/// The automixer's training loss (issue 7) and its gradient with respect to each channel's gain. The mix is
/// y = Σ g_c·x_c and the STFT is linear, so Y = Σ g_c·X_c: the channels are transformed once, and
/// ∂|Y|/∂g_c = Re(conj(Y)·X_c)/|Y| at every bin. The loss is <see cref="MixMetrics.MultiResolutionStft"/>
/// (spectral convergence plus mean log-magnitude difference at FFT 512/1024/4096, hop 25%, Hann), so
/// training lowers exactly the figure the evaluation reports.
/// </summary>
public sealed class MultiResolutionStftLoss
{
    private const double Epsilon = 1e-7;

    /// <summary>The loss of the mix Σ gains[c]·channels[c] against <paramref name="target"/>, and ∂loss/∂gains[c] into <paramref name="gradient"/>.</summary>
    public double Evaluate(IReadOnlyList<float[]> channels, float[] target, ReadOnlySpan<double> gains, Span<double> gradient)
    {
        int count = channels.Count, length = target.Length;
        if (gains.Length != count || gradient.Length != count) throw new ArgumentException($"{count} channels need {count} gains and gradient slots");
        foreach (var channel in channels) if (channel.Length != length) throw new ArgumentException($"a channel has {channel.Length} samples, the target {length}");
        gradient.Clear();
        double loss = 0;
        var partial = new double[count];
        foreach (int size in MixMetrics.StftSizes)
        {
            var fft = new RealFft(size);
            var window = Window.Create(WindowType.Hann, size);
            int hop = size / 4, bins = fft.BinCount, frames = length >= size ? 1 + (length - size) / hop : 0;
            if (frames == 0) throw new ArgumentException($"the signals are shorter than one {size}-sample frame");
            var x = new Complex[count][];
            for (int c = 0; c < count; c++) x[c] = new Complex[frames * bins];
            var t = new double[frames * bins];
            var y = new Complex[frames * bins];
            var buffer = new float[size];
            var spectrum = new Complex[bins];
            for (int f = 0; f < frames; f++)
            {
                for (int c = 0; c < count; c++)
                {
                    for (int k = 0; k < size; k++) buffer[k] = channels[c][f * hop + k] * window[k];
                    fft.Forward(buffer, spectrum);
                    spectrum.CopyTo(x[c], f * bins);
                }
                for (int k = 0; k < size; k++) buffer[k] = target[f * hop + k] * window[k];
                fft.Forward(buffer, spectrum);
                for (int k = 0; k < bins; k++) t[f * bins + k] = spectrum[k].Magnitude;
            }
            for (int i = 0; i < y.Length; i++)
            {
                Complex sum = 0;
                for (int c = 0; c < count; c++) sum += gains[c] * x[c][i];
                y[i] = sum;
            }
            // Spectral convergence and the log-magnitude term, and ∂/∂|Y| of each.
            double difference = 0, reference = 0, logDifference = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double m = y[i].Magnitude, d = m - t[i];
                difference += d * d;
                reference += t[i] * t[i];
                logDifference += Math.Abs(Math.Log(m + Epsilon) - Math.Log(t[i] + Epsilon));
            }
            double norm = Math.Sqrt(difference), referenceNorm = Math.Max(Math.Sqrt(reference), 1e-12), cells = y.Length;
            loss += (norm / referenceNorm + logDifference / cells) / MixMetrics.StftSizes.Length;
            Array.Clear(partial);
            for (int i = 0; i < y.Length; i++)
            {
                double m = y[i].Magnitude;
                if (m == 0) continue;
                double sc = norm > 0 ? (m - t[i]) / (norm * referenceNorm) : 0;
                double lm = Math.Sign(Math.Log(m + Epsilon) - Math.Log(t[i] + Epsilon)) / ((m + Epsilon) * cells);
                double outer = (sc + lm) / m;
                for (int c = 0; c < count; c++) partial[c] += outer * (y[i].Real * x[c][i].Real + y[i].Imaginary * x[c][i].Imaginary);
            }
            for (int c = 0; c < count; c++) gradient[c] += partial[c] / MixMetrics.StftSizes.Length;
        }
        return loss;
    }
}

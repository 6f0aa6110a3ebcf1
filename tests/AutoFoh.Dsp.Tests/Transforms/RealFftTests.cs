using System.Numerics;
using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Dsp.Tests.Transforms;

public class RealFftTests
{
    [Fact]
    public void A_sine_on_a_bin_puts_amplitude_times_half_size_in_that_bin_and_nothing_elsewhere()
    {
        var fft = new RealFft(1024);
        var x = Signals.Sine(frequencyHz: 64 * 48000.0 / 1024, amplitude: 0.5, sampleRateHz: 48000, samples: 1024);
        var magnitude = new float[fft.BinCount];
        fft.ForwardMagnitude(x, magnitude);
        Assert.Equal(0.5 * 512, magnitude[64], 2);
        for (int k = 0; k < fft.BinCount; k++)
            if (k != 64) Assert.True(magnitude[k] < 1e-2, $"bin {k} = {magnitude[k]}");
    }

    [Fact]
    public void Inverse_of_forward_gives_back_the_signal()
    {
        var fft = new RealFft(512);
        var x = Signals.Noise(512, seed: 1);
        var spectrum = new Complex[fft.BinCount];
        var y = new float[512];
        fft.Forward(x, spectrum);
        fft.Inverse(spectrum, y);
        for (int n = 0; n < 512; n++) Assert.True(Math.Abs(x[n] - y[n]) < 1e-5, $"sample {n}: {x[n]} vs {y[n]}");
    }

    [Fact]
    public void Energy_is_preserved_as_Parseval_says()
    {
        var fft = new RealFft(256);
        var x = Signals.Noise(256, seed: 2);
        var spectrum = new Complex[fft.BinCount];
        fft.Forward(x, spectrum);
        double time = x.Sum(v => (double)v * v);
        // One-sided spectrum: DC and Nyquist once, every other bin twice.
        double frequency = spectrum[0].Magnitude * spectrum[0].Magnitude + spectrum[128].Magnitude * spectrum[128].Magnitude;
        for (int k = 1; k < 128; k++) frequency += 2 * spectrum[k].Magnitude * spectrum[k].Magnitude;
        Assert.Equal(time, frequency / 256, 3);
    }

    [Fact]
    public void Odd_or_tiny_sizes_are_refused_with_the_size_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(1023));
        Assert.Contains("1023", error.Message);
    }
}

public class RealFftAnySizeTests
{
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(1000)]
    [InlineData(6)]
    public void Sizes_that_are_not_powers_of_two_agree_with_a_direct_dft(int size)
    {
        var fft = new AutoFoh.Dsp.Transforms.RealFft(size);
        var random = new Random(size);
        var x = Enumerable.Range(0, size).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var spectrum = new System.Numerics.Complex[fft.BinCount];
        fft.Forward(x, spectrum);
        foreach (int k in new[] { 0, 1, 7, size / 3, size / 2 }.Where(k => k < fft.BinCount))
        {
            double re = 0, im = 0;
            for (int n = 0; n < size; n++) { double a = -2 * Math.PI * ((long)k * n % size) / size; re += x[n] * Math.Cos(a); im += x[n] * Math.Sin(a); }
            double scale = Math.Sqrt(size);
            Assert.True(Math.Abs(spectrum[k].Real - re) < 2e-3 * scale && Math.Abs(spectrum[k].Imaginary - im) < 2e-3 * scale, $"bin {k}: {spectrum[k]} vs ({re}, {im})");
        }
    }
}

public class RealFftLargePrimeTests
{
    [Fact]
    public void A_size_with_a_large_prime_factor_uses_bluestein_and_agrees_with_a_direct_dft()
    {
        const int size = 2 * 1009; // 1009 is prime
        var fft = new AutoFoh.Dsp.Transforms.RealFft(size);
        var x = Enumerable.Range(0, size).Select(n => (float)Math.Sin(0.37 * n) + 0.1f * (n % 7)).ToArray();
        var spectrum = new System.Numerics.Complex[fft.BinCount];
        fft.Forward(x, spectrum);
        foreach (int k in new[] { 0, 3, 120, 1009 })
        {
            double re = 0, im = 0;
            for (int n = 0; n < size; n++) { double a = -2 * Math.PI * ((long)k * n % size) / size; re += x[n] * Math.Cos(a); im += x[n] * Math.Sin(a); }
            Assert.True(Math.Abs(spectrum[k].Real - re) < 0.05 && Math.Abs(spectrum[k].Imaginary - im) < 0.05, $"bin {k}: {spectrum[k]} vs ({re}, {im})");
        }
    }
}

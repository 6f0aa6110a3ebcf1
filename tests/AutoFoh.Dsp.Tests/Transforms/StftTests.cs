using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Dsp.Tests.Transforms;

public class StftTests
{
    [Theory]
    [InlineData(1024, 256, WindowType.Hann)]
    [InlineData(1024, 512, WindowType.Hann)]
    [InlineData(2048, 512, WindowType.Hamming)]
    [InlineData(48000, 48000, WindowType.Rectangular)] // SoLAR's one-second window and hop
    public void Inverse_stft_reconstructs_the_signal(int fftSize, int hop, WindowType window)
    {
        var stft = new Stft(fftSize, hop, window);
        var x = Signals.Noise(100_003, seed: 3);
        var y = stft.Inverse(stft.Forward(x), x.Length);
        // A tapered window's first samples carry (almost) no weight in the first frame, so they cannot be
        // recovered; from 1/16 of a window on, every sample is.
        int first = window == WindowType.Rectangular ? 0 : fftSize / 16;
        for (int n = first; n < x.Length; n++) Assert.True(Math.Abs(x[n] - y[n]) < 1e-4, $"sample {n}: {x[n]} vs {y[n]}");
    }

    [Fact]
    public void Frame_count_covers_every_sample()
    {
        var stft = new Stft(1024, 256);
        Assert.Equal(0, stft.FrameCount(0));
        Assert.Equal(1, stft.FrameCount(1));
        Assert.Equal(1, stft.FrameCount(1024));
        Assert.Equal(2, stft.FrameCount(1025));
        Assert.Equal(2, stft.FrameCount(1280));
        Assert.Equal(3, stft.FrameCount(1281));
    }

    [Fact]
    public void A_sine_peaks_in_its_bin_in_every_frame()
    {
        var stft = new Stft(2048, 512);
        var x = Signals.Sine(1000, 0.5, 48000, 48000);
        var magnitudes = stft.Magnitude(x);
        int expectedBin = (int)Math.Round(1000 * 2048 / 48000.0);
        for (int t = 0; t < magnitudes.Length - 4; t++)
        {
            int peak = Array.IndexOf(magnitudes[t], magnitudes[t].Max());
            Assert.Equal(expectedBin, peak);
        }
    }
}

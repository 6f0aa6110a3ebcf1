namespace AutoFoh.Audio.Tests;

/// <summary>
/// The resampler's quality, measured: passband ripple under 0.1 dB up to 0.45 of the lower rate, and
/// 90 dB or more of rejection for tones above the output's Nyquist frequency (aliasing) and of the
/// images an upsampler must not create.
/// </summary>
public class ResamplerTests
{
    private static float[] Sine(double frequencyHz, int rate, int frames)
    {
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = (float)(0.5 * Math.Sin(2 * Math.PI * frequencyHz * n / rate));
        return x;
    }

    private static float[] Resample(float[] x, int from, int to) => Resampler.Resample(new AudioBuffer(from, [x]), to)[0];

    /// <summary>Amplitude of the component at <paramref name="frequencyHz"/> (Blackman-Harris windowed DFT, steady middle part).</summary>
    private static double Amplitude(float[] x, double frequencyHz, int rate)
    {
        int start = x.Length / 4, length = x.Length / 2;
        double re = 0, im = 0, windowSum = 0;
        for (int n = 0; n < length; n++)
        {
            double u = 2 * Math.PI * n / length;
            double w = 0.35875 - 0.48829 * Math.Cos(u) + 0.14128 * Math.Cos(2 * u) - 0.01168 * Math.Cos(3 * u);
            double phase = 2 * Math.PI * frequencyHz * (start + n) / rate;
            re += w * x[start + n] * Math.Cos(phase);
            im -= w * x[start + n] * Math.Sin(phase);
            windowSum += w;
        }
        return 2 * Math.Sqrt(re * re + im * im) / windowSum;
    }

    /// <summary>Largest spectral component anywhere, as an amplitude (a coarse 1 Hz-ish scan is too slow; use an FFT-free peak search over a grid).</summary>
    private static double LargestComponent(float[] x, int rate, double stepHz)
    {
        double largest = 0;
        for (double f = stepHz; f < rate / 2.0; f += stepHz) largest = Math.Max(largest, Amplitude(x, f, rate));
        return largest;
    }

    [Theory]
    [InlineData(48000, 44100)]
    [InlineData(44100, 16000)]
    [InlineData(44100, 48000)]
    [InlineData(16000, 48000)]
    public void The_passband_is_flat_within_0_1_dB_up_to_0_45_of_the_lower_rate(int from, int to)
    {
        int low = Math.Min(from, to);
        foreach (double fraction in new[] { 0.01, 0.1, 0.2, 0.3, 0.4, 0.43, 0.45 })
        {
            double f = fraction * low;
            var y = Resample(Sine(f, from, from / 2), from, to);
            double gainDb = 20 * Math.Log10(Amplitude(y, f, to) / 0.5);
            Assert.True(Math.Abs(gainDb) < 0.1, $"{from}->{to} at {f:F0} Hz: {gainDb:F3} dB");
        }
    }

    [Theory]
    [InlineData(48000, 44100)]
    [InlineData(44100, 16000)]
    public void Tones_above_the_output_nyquist_are_rejected_by_90_dB(int from, int to)
    {
        foreach (double fraction in new[] { 0.51, 0.55, 0.7, 0.95 })
        {
            double f = fraction * to;
            if (f >= from / 2.0) continue;
            var y = Resample(Sine(f, from, from / 2), from, to);
            // Where the tone would alias to, and everywhere else on a grid.
            double alias = to - f;
            double leakDb = 20 * Math.Log10(Math.Max(Amplitude(y, alias, to), 1e-12) / 0.5);
            Assert.True(leakDb <= -90, $"{from}->{to}: a {f:F0} Hz tone leaks {leakDb:F1} dB at {alias:F0} Hz");
            double anyDb = 20 * Math.Log10(Math.Max(LargestComponent(y, to, 97.3), 1e-12) / 0.5);
            Assert.True(anyDb <= -90, $"{from}->{to}: a {f:F0} Hz tone leaves {anyDb:F1} dB somewhere");
        }
    }

    [Fact]
    public void Upsampling_creates_no_images_above_the_input_nyquist()
    {
        const int from = 44100, to = 48000;
        foreach (double f in new[] { 1000.0, 15000, 19000 })
        {
            var y = Resample(Sine(f, from, from / 2), from, to);
            double image = from - f; // the first image of the input spectrum
            if (image >= to / 2.0) continue;
            double imageDb = 20 * Math.Log10(Math.Max(Amplitude(y, image, to), 1e-12) / 0.5);
            Assert.True(imageDb <= -90, $"{f} Hz leaves an image of {imageDb:F1} dB at {image} Hz");
        }
    }

    [Fact]
    public void Streaming_in_odd_blocks_gives_the_same_samples_as_one_call()
    {
        var x = Sine(997, 44100, 20000).Zip(Sine(3001, 44100, 20000), (a, b) => a + b).ToArray();
        var whole = Resample(x, 44100, 48000);
        var resampler = new Resampler(44100, 48000, 1);
        var output = new List<float>();
        var buffer = new float[resampler.MaxOutputFrames(1000) + 2000];
        for (int start = 0; start < x.Length; start += 777)
        {
            int n = resampler.Process(x.AsSpan(start, Math.Min(777, x.Length - start)), buffer);
            output.AddRange(buffer.AsSpan(0, n));
        }
        int tail = resampler.Flush(buffer);
        output.AddRange(buffer.AsSpan(0, tail));
        Assert.True(output.Count >= whole.Length);
        for (int n = 0; n < whole.Length; n++) Assert.Equal(whole[n], output[n], 5);
    }

    [Fact]
    public void Output_length_and_timing_follow_the_rate_ratio()
    {
        var impulse = new float[44100];
        impulse[22050] = 1; // at 0.5 s
        var y = Resample(impulse, 44100, 48000);
        Assert.Equal(48000, y.Length);
        int peak = Array.IndexOf(y, y.Max());
        Assert.Equal(24000, peak);
    }
}

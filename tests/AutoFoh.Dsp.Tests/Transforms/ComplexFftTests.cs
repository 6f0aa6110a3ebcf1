using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Dsp.Tests.Transforms;

public class ComplexFftTests
{
    public static TheoryData<int> Lengths => new()
    {
        1, 2, 3, 4, 5, 7, 8, 12, 16, 30, 64, 100, 105, 128, 210, 243, 360, 1001, 1024, 4096, 6125, 22050,
        17, 34, 97, 1018,  // prime factors above the largest radix: Bluestein
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Forward_matches_the_textbook_DFT(int n)
    {
        var (re, im) = RandomSignal(n, seed: n);
        var (expectRe, expectIm) = NaiveDft(re, im, bins: Math.Min(n, 64));
        var fft = new ComplexFft(n);
        fft.Forward(re, im);
        double scale = Math.Sqrt(n);   // random unit-variance input: |X| ~ √N
        for (int k = 0; k < expectRe.Length; k++)
        {
            Assert.True(Math.Abs(re[k] - expectRe[k]) < 1e-4 * scale, $"N={n}, bin {k}: re {re[k]} vs {expectRe[k]}");
            Assert.True(Math.Abs(im[k] - expectIm[k]) < 1e-4 * scale, $"N={n}, bin {k}: im {im[k]} vs {expectIm[k]}");
        }
    }

    [Theory]
    [InlineData(22050)]
    [InlineData(8192)]
    [InlineData(1018)]
    public void The_last_bins_match_the_textbook_DFT_too(int n)
    {
        var (re, im) = RandomSignal(n, seed: 3);
        var fft = new ComplexFft(n);
        var (copyRe, copyIm) = ((float[])re.Clone(), (float[])im.Clone());
        fft.Forward(re, im);
        double scale = Math.Sqrt(n);
        foreach (int k in new[] { n - 1, n - 2, n / 2, n / 3, n - 9 })
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)t * k % n) / n;
                sr += copyRe[t] * Math.Cos(angle) - copyIm[t] * Math.Sin(angle);
                si += copyRe[t] * Math.Sin(angle) + copyIm[t] * Math.Cos(angle);
            }
            Assert.True(Math.Abs(re[k] - sr) < 1e-4 * scale && Math.Abs(im[k] - si) < 1e-4 * scale, $"N={n}, bin {k}: ({re[k]}, {im[k]}) vs ({sr}, {si})");
        }
    }

    [Theory]
    [InlineData(44)]
    [InlineData(22050)]
    [InlineData(97)]
    public void Inverse_of_forward_gives_back_the_signal(int n)
    {
        var (re, im) = RandomSignal(n, seed: 5);
        var (copyRe, copyIm) = ((float[])re.Clone(), (float[])im.Clone());
        var fft = new ComplexFft(n);
        fft.Forward(re, im);
        fft.Inverse(re, im);
        for (int t = 0; t < n; t++)
            Assert.True(Math.Abs(re[t] - copyRe[t]) < 1e-4 && Math.Abs(im[t] - copyIm[t]) < 1e-4, $"N={n}, sample {t}");
    }

    [Fact]
    public void A_transform_allocates_nothing()
    {
        var fft = new ComplexFft(22050);
        var (re, im) = RandomSignal(22050, seed: 7);
        fft.Forward(re, im);
        long before = GC.GetAllocatedBytesForCurrentThread();
        fft.Forward(re, im);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static (float[], float[]) RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        var re = new float[n];
        var im = new float[n];
        for (int i = 0; i < n; i++) { re[i] = (float)(random.NextDouble() * 2 - 1); im[i] = (float)(random.NextDouble() * 2 - 1); }
        return (re, im);
    }

    private static (double[], double[]) NaiveDft(float[] re, float[] im, int bins)
    {
        int n = re.Length;
        var outRe = new double[bins];
        var outIm = new double[bins];
        for (int k = 0; k < bins; k++)
            for (int t = 0; t < n; t++)
            {
                double angle = -2 * Math.PI * ((long)t * k % n) / n;
                outRe[k] += re[t] * Math.Cos(angle) - im[t] * Math.Sin(angle);
                outIm[k] += re[t] * Math.Sin(angle) + im[t] * Math.Cos(angle);
            }
        return (outRe, outIm);
    }
}

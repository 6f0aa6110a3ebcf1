namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// In-place iterative radix-2 complex FFT (Cooley-Tukey, decimation in time) on separate real and
/// imaginary arrays, with the bit-reversal permutation and twiddles tabulated once. Allocation-free per
/// transform. <see cref="RealFft"/> uses it for power-of-two sizes: MathNet's transform allocates on
/// every call and measured 4x slower on the analysis path (docs/benchmarks.md).
/// </summary>
internal sealed class Radix2Fft
{
    private readonly int _size;
    private readonly int[] _reverse;
    private readonly float[] _cos, _sin;

    public Radix2Fft(int size)
    {
        if (size < 1 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "radix-2 FFT size must be a power of two");
        _size = size;
        _reverse = new int[size];
        int bits = System.Numerics.BitOperations.Log2((uint)size);
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _reverse[i] = r;
        }
        _cos = new float[Math.Max(1, size / 2)];
        _sin = new float[Math.Max(1, size / 2)];
        for (int k = 0; k < size / 2; k++)
        {
            _cos[k] = (float)Math.Cos(2 * Math.PI * k / size);
            _sin[k] = (float)-Math.Sin(2 * Math.PI * k / size);
        }
    }

    /// <summary>Forward transform X[k] = Σ x[n] e^{−2πikn/N}, in place.</summary>
    public void Forward(Span<float> re, Span<float> im)
    {
        int n = _size;
        for (int i = 0; i < n; i++)
        {
            int j = _reverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length >> 1, stride = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    float wr = _cos[k * stride], wi = _sin[k * stride];
                    int a = start + k, b = a + half;
                    float tr = re[b] * wr - im[b] * wi;
                    float ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Complex DFT of any length on separate real and imaginary arrays, allocation-free per transform.
///
/// Lengths whose prime factors are all at most <see cref="MaxRadix"/> (every power of two, SoLAR's
/// one-second windows: 44100/2 = 2·3²·5²·7², 48000/2 = 2⁶·3·5³) use the four-step algorithm (Bailey 1990):
/// N = N1·N2, N2 transforms of length N1 down the columns, twiddles W_N^{k1·n2}, a transpose, N1 transforms
/// of length N2. Each batch of column transforms is a Stockham auto-sort decimation-in-frequency FFT whose
/// inner loop runs over the batch, which is contiguous and shares its twiddle, so every butterfly of every
/// stage is an 8-wide vector operation, radix 4, 2 and any odd radix up to <see cref="MaxRadix"/> (odd
/// radices use the symmetric pair form, (R−1)²/4 multiply-adds per output pair). Other lengths use
/// Bluestein's chirp-z algorithm over a power-of-two transform.
///
/// Buffers are allocated once; one instance per thread.
/// </summary>
public sealed class ComplexFft
{
    /// <summary>Largest prime factor handled directly; lengths with a larger one go through Bluestein.</summary>
    public const int MaxRadix = 13;

    private const int Lanes = 8;
    private readonly int _n, _n1, _n2;
    private readonly BatchFft? _columns, _rows;     // four-step: length N1 batch N2, then length N2 batch N1
    private readonly BatchFft? _single;             // small or awkward lengths: one scalar Stockham pass
    private readonly BluesteinFft? _bluestein;
    private readonly float[] _twiddleRe = [], _twiddleIm = [];
    private readonly float[] _aRe, _aIm, _bRe, _bIm;

    public ComplexFft(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must be positive");
        _n = length;
        _aRe = new float[length]; _aIm = new float[length];
        _bRe = new float[length]; _bIm = new float[length];
        if (LargestPrimeFactor(length) > MaxRadix)
        {
            _bluestein = new BluesteinFft(length);
            return;
        }
        (_n1, _n2) = SplitForFourStep(length);
        if (_n1 < Lanes || _n2 < Lanes)
        {
            _single = new BatchFft(length, 1);
            return;
        }
        _columns = new BatchFft(_n1, _n2);
        _rows = new BatchFft(_n2, _n1);
        _twiddleRe = new float[length];
        _twiddleIm = new float[length];
        for (int k1 = 0; k1 < _n1; k1++)
            for (int n2 = 0; n2 < _n2; n2++)
            {
                double angle = -2 * Math.PI * ((long)k1 * n2 % length) / length;
                _twiddleRe[k1 * _n2 + n2] = (float)Math.Cos(angle);
                _twiddleIm[k1 * _n2 + n2] = (float)Math.Sin(angle);
            }
    }

    public int Length => _n;

    /// <summary>Forward transform X[k] = Σ x[n] e^{−2πikn/N}, in place, unscaled.</summary>
    public void Forward(Span<float> re, Span<float> im)
    {
        if (re.Length < _n || im.Length < _n) throw new ArgumentException($"the transform needs {_n} values in both arrays");
        if (_bluestein is not null) { _bluestein.Forward(re, im); return; }
        re[.._n].CopyTo(_aRe);
        im[.._n].CopyTo(_aIm);
        if (_single is not null)
        {
            bool inB = _single.Run(_aRe, _aIm, _bRe, _bIm);
            (inB ? _bRe : _aRe).CopyTo(re);
            (inB ? _bIm : _aIm).CopyTo(im);
            return;
        }
        // Columns: x[n1·N2 + n2] → X1[k1·N2 + n2].
        bool columnsInB = _columns!.Run(_aRe, _aIm, _bRe, _bIm);
        float[] cr = columnsInB ? _bRe : _aRe, ci = columnsInB ? _bIm : _aIm;
        float[] tr = columnsInB ? _aRe : _bRe, ti = columnsInB ? _aIm : _bIm;
        Twiddle(cr, ci);
        Transpose(cr, ci, tr, ti, _n1, _n2);
        // Rows: t[n2·N1 + k1] → X[k2·N1 + k1] = X[k1 + N1·k2].
        bool rowsInOther = _rows!.Run(tr, ti, cr, ci);
        (rowsInOther ? cr : tr).AsSpan(0, _n).CopyTo(re);
        (rowsInOther ? ci : ti).AsSpan(0, _n).CopyTo(im);
    }

    /// <summary>Inverse transform x[n] = (1/N) Σ X[k] e^{+2πikn/N}, in place (conjugate, forward, conjugate, scale).</summary>
    public void Inverse(Span<float> re, Span<float> im)
    {
        for (int i = 0; i < _n; i++) im[i] = -im[i];
        Forward(re, im);
        float scale = 1f / _n;
        for (int i = 0; i < _n; i++) { re[i] *= scale; im[i] = -im[i] * scale; }
    }

    private void Twiddle(float[] re, float[] im)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + Lanes <= _n; i += Lanes)
            {
                var xr = Vector256.LoadUnsafe(ref re[i]);
                var xi = Vector256.LoadUnsafe(ref im[i]);
                var wr = Vector256.LoadUnsafe(ref _twiddleRe[i]);
                var wi = Vector256.LoadUnsafe(ref _twiddleIm[i]);
                (xr * wr - xi * wi).StoreUnsafe(ref re[i]);
                (xr * wi + xi * wr).StoreUnsafe(ref im[i]);
            }
        for (; i < _n; i++)
        {
            float xr = re[i], xi = im[i], wr = _twiddleRe[i], wi = _twiddleIm[i];
            re[i] = xr * wr - xi * wi;
            im[i] = xr * wi + xi * wr;
        }
    }

    /// <summary>rows × cols (row-major) into cols × rows, in blocks that stay in cache.</summary>
    private static void Transpose(float[] re, float[] im, float[] toRe, float[] toIm, int rows, int cols)
    {
        const int Block = 32;
        for (int r0 = 0; r0 < rows; r0 += Block)
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int r1 = Math.Min(rows, r0 + Block), c1 = Math.Min(cols, c0 + Block);
                for (int r = r0; r < r1; r++)
                    for (int c = c0; c < c1; c++)
                    {
                        toRe[c * rows + r] = re[r * cols + c];
                        toIm[c * rows + r] = im[r * cols + c];
                    }
            }
    }

    /// <summary>The divisor pair N1·N2 = N closest to √N, N1 ≤ N2.</summary>
    private static (int, int) SplitForFourStep(int n)
    {
        int best = 1;
        for (int d = 1; (long)d * d <= n; d++) if (n % d == 0) best = d;
        return (best, n / best);
    }

    internal static int LargestPrimeFactor(int n)
    {
        int largest = 1;
        for (int p = 2; (long)p * p <= n; p++)
            while (n % p == 0) { largest = p; n /= p; }
        return Math.Max(largest, n);
    }

    /// <summary>
    /// <c>Batch</c> interleaved DFTs of length <c>Length</c>: input x[q + Batch·i], output X[q + Batch·k] in
    /// natural order, by Stockham DIF stages (each stage: stride s, current length n, radix R, m = n/R;
    /// y[q + s(Rp + r)] = W_n^{pr} · DFT_R(x[q + s(p + jm)])_r), ping-ponging between two buffers.
    /// </summary>
    private sealed class BatchFft
    {
        private readonly int _length, _batch;
        private readonly int[] _radices;
        private readonly float[][] _cos, _sin;          // per stage: W_n^{p·r} at [p·(R−1) + r − 1]
        private readonly float[][] _dftCos, _dftSin;    // per radix R: cos, sin(2π·j·k/R) at [j·R + k]

        public BatchFft(int length, int batch)
        {
            _length = length;
            _batch = batch;
            var radices = new List<int>();
            int rest = length;
            while (rest % 4 == 0) { radices.Add(4); rest /= 4; }
            if (rest % 2 == 0) { radices.Add(2); rest /= 2; }
            for (int p = 3; rest > 1; p += 2)
                while (rest % p == 0) { radices.Add(p); rest /= p; }
            _radices = radices.ToArray();
            _cos = new float[_radices.Length][];
            _sin = new float[_radices.Length][];
            _dftCos = new float[MaxRadix + 1][];
            _dftSin = new float[MaxRadix + 1][];
            int n = length;
            for (int stage = 0; stage < _radices.Length; stage++)
            {
                int radix = _radices[stage], m = n / radix;
                _cos[stage] = new float[m * (radix - 1)];
                _sin[stage] = new float[m * (radix - 1)];
                for (int p = 0; p < m; p++)
                    for (int r = 1; r < radix; r++)
                    {
                        double angle = -2 * Math.PI * ((long)p * r % n) / n;
                        _cos[stage][p * (radix - 1) + r - 1] = (float)Math.Cos(angle);
                        _sin[stage][p * (radix - 1) + r - 1] = (float)Math.Sin(angle);
                    }
                if (_dftCos[radix] is null)
                {
                    _dftCos[radix] = new float[radix * radix];
                    _dftSin[radix] = new float[radix * radix];
                    for (int j = 0; j < radix; j++)
                        for (int k = 0; k < radix; k++)
                        {
                            double angle = 2 * Math.PI * (j * k % radix) / radix;
                            _dftCos[radix][j * radix + k] = (float)Math.Cos(angle);
                            _dftSin[radix][j * radix + k] = (float)Math.Sin(angle);
                        }
                }
                n = m;
            }
        }

        /// <summary>Transforms the data in (xr, xi); returns true when the result ended in (yr, yi).</summary>
        public bool Run(float[] xr, float[] xi, float[] yr, float[] yi)
        {
            int n = _length, s = _batch;
            bool inY = false;
            for (int stage = 0; stage < _radices.Length; stage++)
            {
                int radix = _radices[stage];
                float[] ar = inY ? yr : xr, ai = inY ? yi : xi, br = inY ? xr : yr, bi = inY ? xi : yi;
                if (s >= Lanes && Vector256.IsHardwareAccelerated)
                {
                    switch (radix)
                    {
                        case 2: Radix2Vector(ar, ai, br, bi, n, s, _cos[stage], _sin[stage]); break;
                        case 4: Radix4Vector(ar, ai, br, bi, n, s, _cos[stage], _sin[stage]); break;
                        default: OddVector(ar, ai, br, bi, n, s, radix, _cos[stage], _sin[stage], _dftCos[radix], _dftSin[radix]); break;
                    }
                }
                else ScalarStage(ar, ai, br, bi, n, s, radix, _cos[stage], _sin[stage], _dftCos[radix], _dftSin[radix]);
                inY = !inY;
                n /= radix;
                s *= radix;
            }
            return inY;
        }

        // Every vector stage runs q over [0, s) in steps of 8 and finishes with one vector ending at s
        // (recomputing a few outputs from unchanged inputs; the stage is out of place, so that is exact).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int NextQ(int q, int s) => q + Lanes <= s - Lanes || q + Lanes == s ? q + Lanes : (q + Lanes < s ? s - Lanes : s);

        private static void Radix2Vector(float[] xr, float[] xi, float[] yr, float[] yi, int n, int s, float[] cos, float[] sin)
        {
            int m = n / 2;
            ref float xr0 = ref xr[0], xi0 = ref xi[0], yr0 = ref yr[0], yi0 = ref yi[0];
            for (int p = 0; p < m; p++)
            {
                var wr = Vector256.Create(cos[p]);
                var wi = Vector256.Create(sin[p]);
                int a = s * p, b = s * (p + m), o = s * 2 * p;
                for (int q = 0; q < s; q = NextQ(q, s))
                {
                    var ar = Vector256.LoadUnsafe(ref xr0, (nuint)(a + q));
                    var ai = Vector256.LoadUnsafe(ref xi0, (nuint)(a + q));
                    var br = Vector256.LoadUnsafe(ref xr0, (nuint)(b + q));
                    var bi = Vector256.LoadUnsafe(ref xi0, (nuint)(b + q));
                    (ar + br).StoreUnsafe(ref yr0, (nuint)(o + q));
                    (ai + bi).StoreUnsafe(ref yi0, (nuint)(o + q));
                    var dr = ar - br;
                    var di = ai - bi;
                    (dr * wr - di * wi).StoreUnsafe(ref yr0, (nuint)(o + s + q));
                    (dr * wi + di * wr).StoreUnsafe(ref yi0, (nuint)(o + s + q));
                }
            }
        }

        private static void Radix4Vector(float[] xr, float[] xi, float[] yr, float[] yi, int n, int s, float[] cos, float[] sin)
        {
            int m = n / 4;
            ref float xr0 = ref xr[0], xi0 = ref xi[0], yr0 = ref yr[0], yi0 = ref yi[0];
            for (int p = 0; p < m; p++)
            {
                var w1r = Vector256.Create(cos[3 * p]); var w1i = Vector256.Create(sin[3 * p]);
                var w2r = Vector256.Create(cos[3 * p + 1]); var w2i = Vector256.Create(sin[3 * p + 1]);
                var w3r = Vector256.Create(cos[3 * p + 2]); var w3i = Vector256.Create(sin[3 * p + 2]);
                int i0 = s * p, i1 = s * (p + m), i2 = s * (p + 2 * m), i3 = s * (p + 3 * m), o = s * 4 * p;
                for (int q = 0; q < s; q = NextQ(q, s))
                {
                    var a0r = Vector256.LoadUnsafe(ref xr0, (nuint)(i0 + q)); var a0i = Vector256.LoadUnsafe(ref xi0, (nuint)(i0 + q));
                    var a1r = Vector256.LoadUnsafe(ref xr0, (nuint)(i1 + q)); var a1i = Vector256.LoadUnsafe(ref xi0, (nuint)(i1 + q));
                    var a2r = Vector256.LoadUnsafe(ref xr0, (nuint)(i2 + q)); var a2i = Vector256.LoadUnsafe(ref xi0, (nuint)(i2 + q));
                    var a3r = Vector256.LoadUnsafe(ref xr0, (nuint)(i3 + q)); var a3i = Vector256.LoadUnsafe(ref xi0, (nuint)(i3 + q));
                    var t0r = a0r + a2r; var t0i = a0i + a2i;
                    var t1r = a0r - a2r; var t1i = a0i - a2i;
                    var t2r = a1r + a3r; var t2i = a1i + a3i;
                    // (a1 − a3)·(−i)
                    var t3r = a1i - a3i; var t3i = a3r - a1r;
                    (t0r + t2r).StoreUnsafe(ref yr0, (nuint)(o + q));
                    (t0i + t2i).StoreUnsafe(ref yi0, (nuint)(o + q));
                    var c1r = t1r + t3r; var c1i = t1i + t3i;
                    var c2r = t0r - t2r; var c2i = t0i - t2i;
                    var c3r = t1r - t3r; var c3i = t1i - t3i;
                    (c1r * w1r - c1i * w1i).StoreUnsafe(ref yr0, (nuint)(o + s + q));
                    (c1r * w1i + c1i * w1r).StoreUnsafe(ref yi0, (nuint)(o + s + q));
                    (c2r * w2r - c2i * w2i).StoreUnsafe(ref yr0, (nuint)(o + 2 * s + q));
                    (c2r * w2i + c2i * w2r).StoreUnsafe(ref yi0, (nuint)(o + 2 * s + q));
                    (c3r * w3r - c3i * w3i).StoreUnsafe(ref yr0, (nuint)(o + 3 * s + q));
                    (c3r * w3i + c3i * w3r).StoreUnsafe(ref yi0, (nuint)(o + 3 * s + q));
                }
            }
        }

        /// <summary>
        /// Odd radix R, h = (R−1)/2: with s_j = a_j + a_{R−j} and d_j = a_j − a_{R−j},
        /// y_0 = a_0 + Σ s_j, and for k = 1..h: A = a_0 + Σ_j s_j cos(2πjk/R), B = Σ_j d_j sin(2πjk/R),
        /// y_k = A − iB, y_{R−k} = A + iB.
        /// </summary>
        private static void OddVector(float[] xr, float[] xi, float[] yr, float[] yi, int n, int s, int radix, float[] cos, float[] sin, float[] dftCos, float[] dftSin)
        {
            int m = n / radix, h = (radix - 1) / 2;
            Span<Vector256<float>> sr = stackalloc Vector256<float>[MaxRadix / 2];
            Span<Vector256<float>> si = stackalloc Vector256<float>[MaxRadix / 2];
            Span<Vector256<float>> dr = stackalloc Vector256<float>[MaxRadix / 2];
            Span<Vector256<float>> di = stackalloc Vector256<float>[MaxRadix / 2];
            ref float xr0 = ref xr[0], xi0 = ref xi[0], yr0 = ref yr[0], yi0 = ref yi[0];
            for (int p = 0; p < m; p++)
            {
                int twiddles = p * (radix - 1), o = s * radix * p;
                for (int q = 0; q < s; q = NextQ(q, s))
                {
                    var a0r = Vector256.LoadUnsafe(ref xr0, (nuint)(s * p + q));
                    var a0i = Vector256.LoadUnsafe(ref xi0, (nuint)(s * p + q));
                    var y0r = a0r; var y0i = a0i;
                    for (int j = 1; j <= h; j++)
                    {
                        int lo = s * (p + j * m) + q, hi = s * (p + (radix - j) * m) + q;
                        var ljr = Vector256.LoadUnsafe(ref xr0, (nuint)lo); var lji = Vector256.LoadUnsafe(ref xi0, (nuint)lo);
                        var hjr = Vector256.LoadUnsafe(ref xr0, (nuint)hi); var hji = Vector256.LoadUnsafe(ref xi0, (nuint)hi);
                        sr[j - 1] = ljr + hjr; si[j - 1] = lji + hji;
                        dr[j - 1] = ljr - hjr; di[j - 1] = lji - hji;
                        y0r += sr[j - 1]; y0i += si[j - 1];
                    }
                    y0r.StoreUnsafe(ref yr0, (nuint)(o + q));
                    y0i.StoreUnsafe(ref yi0, (nuint)(o + q));
                    for (int k = 1; k <= h; k++)
                    {
                        var ar = a0r; var ai = a0i;
                        var bR = Vector256<float>.Zero; var bI = Vector256<float>.Zero;
                        for (int j = 1; j <= h; j++)
                        {
                            var c = Vector256.Create(dftCos[j * radix + k]);
                            var sn = Vector256.Create(dftSin[j * radix + k]);
                            ar += sr[j - 1] * c; ai += si[j - 1] * c;
                            bR += dr[j - 1] * sn; bI += di[j - 1] * sn;
                        }
                        // y_k = A − iB = (A.re + B.im) + i(A.im − B.re); y_{R−k} = (A.re − B.im) + i(A.im + B.re)
                        var ykr = ar + bI; var yki = ai - bR;
                        var ymr = ar - bI; var ymi = ai + bR;
                        var wkr = Vector256.Create(cos[twiddles + k - 1]); var wki = Vector256.Create(sin[twiddles + k - 1]);
                        var wmr = Vector256.Create(cos[twiddles + radix - k - 1]); var wmi = Vector256.Create(sin[twiddles + radix - k - 1]);
                        (ykr * wkr - yki * wki).StoreUnsafe(ref yr0, (nuint)(o + k * s + q));
                        (ykr * wki + yki * wkr).StoreUnsafe(ref yi0, (nuint)(o + k * s + q));
                        (ymr * wmr - ymi * wmi).StoreUnsafe(ref yr0, (nuint)(o + (radix - k) * s + q));
                        (ymr * wmi + ymi * wmr).StoreUnsafe(ref yi0, (nuint)(o + (radix - k) * s + q));
                    }
                }
            }
        }

        /// <summary>Any radix, one complex value at a time (small strides and machines without vectors).</summary>
        private static void ScalarStage(float[] xr, float[] xi, float[] yr, float[] yi, int n, int s, int radix, float[] cos, float[] sin, float[] dftCos, float[] dftSin)
        {
            int m = n / radix;
            Span<float> ar = stackalloc float[MaxRadix], ai = stackalloc float[MaxRadix];
            for (int p = 0; p < m; p++)
                for (int q = 0; q < s; q++)
                {
                    for (int j = 0; j < radix; j++) { ar[j] = xr[q + s * (p + j * m)]; ai[j] = xi[q + s * (p + j * m)]; }
                    for (int r = 0; r < radix; r++)
                    {
                        // e^{−2πijr/R} = cos − i·sin of the table's angle 2πjr/R.
                        float sumR = 0, sumI = 0;
                        for (int j = 0; j < radix; j++)
                        {
                            float c = dftCos[j * radix + r], sn = dftSin[j * radix + r];
                            sumR += ar[j] * c + ai[j] * sn;
                            sumI += ai[j] * c - ar[j] * sn;
                        }
                        float wr = r == 0 ? 1f : cos[p * (radix - 1) + r - 1], wi = r == 0 ? 0f : sin[p * (radix - 1) + r - 1];
                        int o = q + s * (radix * p + r);
                        yr[o] = sumR * wr - sumI * wi;
                        yi[o] = sumR * wi + sumI * wr;
                    }
                }
        }
    }
}

namespace AutoFoh.Dsp.Transforms;

/// <summary>
/// Complex DFT of any length N by Bluestein's chirp-z algorithm (1970): nk = (n² + k² − (k−n)²)/2 turns
/// the DFT into a convolution with the chirp w[m] = e^{iπm²/N}, done with power-of-two FFTs of length
/// M ≥ 2N − 1. SoLAR's one-second windows (44100 or 48000 points) are not powers of two; MathNet took
/// 37 ms per 44100-point transform, this takes a few. Buffers are allocated once; not thread-safe.
/// </summary>
internal sealed class BluesteinFft
{
    private readonly int _n, _m;
    private readonly ComplexFft _fft;
    private readonly float[] _chirpRe, _chirpIm;     // w[k] for k < N
    private readonly float[] _kernelRe, _kernelIm;   // FFT_M of the wrapped chirp
    private readonly float[] _aRe, _aIm;

    public BluesteinFft(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "DFT length must be positive");
        _n = n;
        _m = 1;
        while (_m < 2 * n - 1) _m <<= 1;
        _fft = new ComplexFft(_m);
        _chirpRe = new float[n];
        _chirpIm = new float[n];
        for (int k = 0; k < n; k++)
        {
            // k² mod 2N keeps the angle exact for large k.
            long square = (long)k * k % (2L * n);
            double angle = Math.PI * square / n;
            _chirpRe[k] = (float)Math.Cos(angle);
            _chirpIm[k] = (float)Math.Sin(angle);
        }
        _kernelRe = new float[_m];
        _kernelIm = new float[_m];
        _kernelRe[0] = _chirpRe[0];
        _kernelIm[0] = _chirpIm[0];
        for (int k = 1; k < n; k++)
        {
            _kernelRe[k] = _kernelRe[_m - k] = _chirpRe[k];
            _kernelIm[k] = _kernelIm[_m - k] = _chirpIm[k];
        }
        _fft.Forward(_kernelRe, _kernelIm);
        _aRe = new float[_m];
        _aIm = new float[_m];
    }

    /// <summary>Forward DFT X[k] = Σ x[n] e^{−2πink/N}, in place on N values.</summary>
    public void Forward(Span<float> re, Span<float> im)
    {
        Array.Clear(_aRe);
        Array.Clear(_aIm);
        for (int k = 0; k < _n; k++)
        {
            // a = x · conj(w)
            _aRe[k] = re[k] * _chirpRe[k] + im[k] * _chirpIm[k];
            _aIm[k] = im[k] * _chirpRe[k] - re[k] * _chirpIm[k];
        }
        _fft.Forward(_aRe, _aIm);
        // Multiply by the kernel's spectrum, then inverse FFT as conj(FFT(conj(·)))/M.
        for (int k = 0; k < _m; k++)
        {
            float r = _aRe[k] * _kernelRe[k] - _aIm[k] * _kernelIm[k];
            float i = _aRe[k] * _kernelIm[k] + _aIm[k] * _kernelRe[k];
            _aRe[k] = r;
            _aIm[k] = -i;
        }
        _fft.Forward(_aRe, _aIm);
        float scale = 1f / _m;
        for (int k = 0; k < _n; k++)
        {
            float cr = _aRe[k] * scale, ci = -_aIm[k] * scale;
            // X = conj(w) · c
            re[k] = cr * _chirpRe[k] + ci * _chirpIm[k];
            im[k] = ci * _chirpRe[k] - cr * _chirpIm[k];
        }
    }
}

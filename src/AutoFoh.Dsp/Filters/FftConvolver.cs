using System.Numerics;
using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Dsp.Filters;

/// <summary>
/// Linear convolution of a long signal with a fixed impulse response by FFT overlap-add (one partition
/// per impulse response; blocks of FFT size − IR length + 1). For rendering sources through rooms,
/// where an impulse response is tens of thousands of taps long and direct convolution is far too slow.
/// </summary>
public sealed class FftConvolver
{
    private readonly RealFft _fft;
    private readonly Complex[] _irSpectrum;
    private readonly int _irLength;
    private readonly int _blockLength;

    public FftConvolver(ReadOnlySpan<float> impulseResponse)
    {
        if (impulseResponse.IsEmpty) throw new ArgumentException("the impulse response is empty", nameof(impulseResponse));
        _irLength = impulseResponse.Length;
        int size = 1;
        while (size < 2 * _irLength) size <<= 1;
        size = Math.Max(size, 1024);
        _fft = new RealFft(size);
        _blockLength = size - _irLength + 1;
        var padded = new float[size];
        impulseResponse.CopyTo(padded);
        _irSpectrum = new Complex[_fft.BinCount];
        _fft.Forward(padded, _irSpectrum);
    }

    public int ImpulseResponseLength => _irLength;

    /// <summary>The full convolution (input length + IR length − 1 samples), or truncated to <paramref name="outputLength"/>.</summary>
    public float[] Convolve(ReadOnlySpan<float> input, int outputLength = -1)
    {
        int full = input.Length + _irLength - 1;
        if (outputLength < 0) outputLength = full;
        var output = new float[outputLength];
        ConvolveAdd(input, output, 1f);
        return output;
    }

    /// <summary>Adds gain × (input ∗ IR) into <paramref name="output"/> (as far as it reaches).</summary>
    public void ConvolveAdd(ReadOnlySpan<float> input, Span<float> output, float gain)
    {
        int size = _fft.Size;
        var block = new float[size];
        var spectrum = new Complex[_fft.BinCount];
        for (int start = 0; start < input.Length && start < output.Length; start += _blockLength)
        {
            int length = Math.Min(_blockLength, input.Length - start);
            block.AsSpan().Clear();
            input.Slice(start, length).CopyTo(block);
            _fft.Forward(block, spectrum);
            for (int k = 0; k < spectrum.Length; k++) spectrum[k] *= _irSpectrum[k];
            _fft.Inverse(spectrum, block);
            int count = Math.Min(length + _irLength - 1, output.Length - start);
            for (int n = 0; n < count; n++) output[start + n] += gain * block[n];
        }
    }
}

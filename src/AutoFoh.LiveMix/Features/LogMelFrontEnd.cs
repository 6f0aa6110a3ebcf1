using AutoFoh.Dsp.Bands;
using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.LiveMix.Features;

/// <summary>
/// The automixer's per-channel front end, after VGGish's: 16 kHz audio, 25 ms periodic-Hann windows every
/// 10 ms through a 512-point FFT, power into 64 mel bands over 125-7500 Hz, log(energy + 0.01). One 975 ms
/// frame (15600 samples) gives a patch of 96 × 64 values (time-major). Allocates nothing after construction.
/// </summary>
public sealed class LogMelFrontEnd
{
    public const int SampleRateHz = 16000, WindowSamples = 400, HopSamples = 160, FftSize = 512, Bands = 64;
    public const int FrameSamples = 15600, Frames = 1 + (FrameSamples - WindowSamples) / HopSamples;   // 96
    private const float Offset = 0.01f;
    private readonly RealFft _fft = new(FftSize);
    private readonly float[] _window = Window.Create(WindowType.Hann, WindowSamples);
    private readonly float[] _padded = new float[FftSize], _taper = new float[FftSize], _magnitude = new float[FftSize / 2 + 1];
    private readonly MelFilterbank _mel = new(Bands, FftSize, SampleRateHz, 125, 7500);

    public LogMelFrontEnd() => _window.AsSpan().CopyTo(_taper);   // the window on the first 400 of the 512 points, zeros after

    /// <summary>The 96 × 64 log-mel patch of one 975 ms frame of 16 kHz audio.</summary>
    public void Compute(ReadOnlySpan<float> frame, Span<float> patch)
    {
        if (frame.Length != FrameSamples) throw new ArgumentException($"a frame is {FrameSamples} samples at 16 kHz, got {frame.Length}", nameof(frame));
        if (patch.Length != Frames * Bands) throw new ArgumentException($"a patch is {Frames * Bands} values, got {patch.Length}", nameof(patch));
        for (int t = 0; t < Frames; t++)
        {
            frame.Slice(t * HopSamples, WindowSamples).CopyTo(_padded);
            _fft.ForwardMagnitude(_padded, _taper, _magnitude);
            for (int k = 0; k < _magnitude.Length; k++) _magnitude[k] *= _magnitude[k];
            var row = patch.Slice(t * Bands, Bands);
            _mel.Apply(_magnitude, row);
            for (int b = 0; b < Bands; b++) row[b] = MathF.Log(row[b] + Offset);
        }
    }
}

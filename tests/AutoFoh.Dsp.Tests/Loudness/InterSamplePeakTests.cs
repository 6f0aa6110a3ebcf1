using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Tests.Loudness;

/// <summary>
/// EBU distributes Tech 3341 cases 20-23 (0 dBTP signals with peaks between samples) as files, not as
/// definitions. These tests use band-limited signals whose true peak is known analytically instead.
/// </summary>
public class InterSamplePeakTests
{
    [Theory]
    [InlineData(44100, 11025.0, 45.0)]
    [InlineData(48000, 9000.0, 13.0)]
    [InlineData(48000, 15000.0, 77.0)]
    [InlineData(96000, 20000.0, 30.0)]
    public void A_sine_whose_samples_miss_its_crest_reads_its_true_amplitude(int rate, double frequencyHz, double phaseDegrees)
    {
        var x = EbuSignals.TruePeakTone(rate, frequencyHz, phaseDegrees, 1.0);
        var meter = new LoudnessMeter(rate, 2);
        meter.Process(x);
        Assert.True(meter.TruePeakDbtp is > -0.4 and < 0.2, $"{frequencyHz} Hz at {rate} Hz: {meter.TruePeakDbtp:F3} dBTP for a 0 dBTP sine (sample peak {meter.SamplePeakDbfs:F2} dBFS)");
    }

    [Fact]
    public void A_band_limited_square_wave_overshoots_full_scale_and_true_peak_sees_it()
    {
        // Sum of odd harmonics up to 18 kHz of a 1 kHz square (Gibbs overshoot, crest between samples).
        const int rate = 48000;
        var x = new float[rate * 2 * 2];
        double truePeak = 0;
        for (int n = 0; n < rate * 2 * 16; n++)
        {
            double t = n / (16.0 * rate), v = 0;
            for (int h = 1; h * 1000 <= 18000; h += 2) v += Math.Sin(2 * Math.PI * 1000 * h * t + 0.3) / h;
            v *= 4 / Math.PI * 0.8;
            truePeak = Math.Max(truePeak, Math.Abs(v)); // 16x dense evaluation: the analytic peak
            if (n % 16 == 0) { x[n / 16 * 2] = (float)v; x[n / 16 * 2 + 1] = (float)v; }
        }
        var meter = new LoudnessMeter(rate, 2);
        meter.Process(x);
        double expected = 20 * Math.Log10(truePeak);
        Assert.True(meter.TruePeakDbtp - expected is > -0.4 and < 0.2, $"true peak {meter.TruePeakDbtp:F3} dBTP, analytic {expected:F3} dBTP");
    }
}

using AutoFoh.Dsp;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Testing;

/// <summary>The measurements the DSP and mastering tests make on the shared test signals (compiled into the test projects that reference AutoFoh.Dsp).</summary>
public static partial class Signals
{
    public static double PeakDb(ReadOnlySpan<float> x)
    {
        float peak = 0;
        foreach (float v in x) peak = Math.Max(peak, Math.Abs(v));
        return Decibels.FromAmplitude(peak);
    }

    /// <summary>True peak in dBTP of planar channels, as <see cref="TruePeakMeter"/> measures it.</summary>
    public static double TruePeakDbtp(int sampleRateHz, params float[][] channels)
    {
        var meter = new TruePeakMeter(sampleRateHz, channels.Length);
        for (int c = 0; c < channels.Length; c++) meter.Process(c, channels[c]);
        return Decibels.FromAmplitude(meter.Peak);
    }

    /// <summary>The gain in dB of a filter for a steady sine: output RMS over input RMS after the first half (the transient).</summary>
    public static double SteadyGainDb(Action<float[]> process, double frequencyHz, int sampleRateHz)
    {
        int frames = sampleRateHz; // one second; the measurement uses the last half, a whole number of periods or close
        var x = Sine(frequencyHz, 0.25, sampleRateHz, frames);
        var y = (float[])x.Clone();
        process(y);
        int periods = (int)Math.Floor(frequencyHz * 0.5);
        int length = periods >= 1 ? (int)Math.Round(periods * sampleRateHz / frequencyHz) : frames / 2;
        var tailIn = x.AsSpan(frames - length);
        var tailOut = y.AsSpan(frames - length);
        return Decibels.FromAmplitude(Rms(tailOut) / Rms(tailIn));
    }
}

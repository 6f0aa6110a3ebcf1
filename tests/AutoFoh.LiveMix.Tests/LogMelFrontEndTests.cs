using AutoFoh.LiveMix.Features;

namespace AutoFoh.LiveMix.Tests;

public class LogMelFrontEndTests
{
    private static float[] Sine(double hz, double amplitude) =>
        Enumerable.Range(0, LogMelFrontEnd.FrameSamples).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / 16000))).ToArray();

    [Fact]
    public void A_975_ms_frame_gives_96_rows_of_64_bands_and_silence_sits_at_the_floor()
    {
        Assert.Equal(96, LogMelFrontEnd.Frames);
        var patch = new float[96 * 64];
        new LogMelFrontEnd().Compute(new float[LogMelFrontEnd.FrameSamples], patch);
        Assert.All(patch, v => Assert.Equal(MathF.Log(0.01f), v, 5));
    }

    [Fact]
    public void A_tone_lands_in_one_band_every_row_and_6_dB_more_adds_ln4_there()
    {
        var frontEnd = new LogMelFrontEnd();
        var quiet = new float[96 * 64];
        var loud = new float[96 * 64];
        frontEnd.Compute(Sine(1000, 0.1), quiet);
        frontEnd.Compute(Sine(1000, 0.2), loud);
        int band = Array.IndexOf(quiet, quiet.AsSpan(0, 64).ToArray().Max());
        for (int t = 0; t < 96; t++)
        {
            var row = quiet.AsSpan(t * 64, 64).ToArray();
            Assert.Equal(band, Array.IndexOf(row, row.Max()));
            Assert.Equal(Math.Log(4), loud[t * 64 + band] - quiet[t * 64 + band], 2);
        }
        var higher = new float[96 * 64];
        frontEnd.Compute(Sine(3000, 0.1), higher);
        Assert.True(Array.IndexOf(higher, higher.AsSpan(0, 64).ToArray().Max()) > band);
    }

    [Fact]
    public void A_frame_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new LogMelFrontEnd().Compute(new float[16000], new float[96 * 64]));
    }
}

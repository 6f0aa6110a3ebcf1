using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Tests.Mixing;

public sealed class MixRendererTests
{
    private const int Rate = 44100;

    private static MixParameters Neutral(params string[] stems) =>
        new([.. stems.Select(StripParameters.Neutral)], ReverbSettings.Default, MasterParameters.Neutral);

    [Fact]
    public void A_single_mono_stem_with_neutral_parameters_comes_out_at_cos_pi_over_4_on_both_sides()
    {
        var x = Signals.Sine(220, 0.4, Rate, 10_000); // 10 000 frames: not a whole number of blocks
        var output = MixRenderer.Render([[x]], Rate, Neutral("vocals"));
        Assert.Equal(2, output.Length);
        Assert.Equal(x.Length, output[0].Length);
        Assert.Equal(x.Length, output[1].Length);
        for (int n = 0; n < x.Length; n++)
        {
            Assert.Equal(Math.Cos(Math.PI / 4) * x[n], output[0][n], 1e-7);
            Assert.Equal(Math.Cos(Math.PI / 4) * x[n], output[1][n], 1e-7);
        }
    }

    [Fact]
    public void The_master_is_latency_compensated_to_the_sample_and_keeps_the_length()
    {
        // A click near the end: after the master it is still at the same frame, and it is not lost to the latency.
        foreach (int frames in new[] { 100, 4096, 4100, 9000 })
        {
            var bus = new[] { new float[frames], new float[frames] };
            bus[0][frames - 3] = 0.5f;
            bus[1][7 % frames] = -0.25f;
            var output = MixRenderer.Master(bus, Rate, MasterParameters.Neutral);
            Assert.Equal(frames, output[0].Length);
            Assert.Equal(bus[0], output[0]);
            Assert.Equal(bus[1], output[1]);
        }
    }

    [Fact]
    public void The_bus_is_the_sum_of_the_strips_plus_the_reverb_return()
    {
        var drums = new[] { Signals.Noise(6000, 1, 0.3), Signals.Noise(6000, 2, 0.3) };
        var bass = new[] { Signals.Sine(80, 0.5, Rate, 6000) };
        var dry = Neutral("drums", "bass") with { Strips = [StripParameters.Neutral("drums") with { Pan = 0.2 }, StripParameters.Neutral("bass") with { GainDb = -3 }] };
        var wet = dry with { Strips = [dry.Strips[0] with { ReverbSendDb = -6 }, dry.Strips[1]] };
        var dryBus = MixRenderer.RenderBus([drums, bass], Rate, dry);
        var wetBus = MixRenderer.RenderBus([drums, bass], Rate, wet);
        var drumsAlone = MixRenderer.RenderBus([drums], Rate, dry with { Strips = [dry.Strips[0]] });
        var bassAlone = MixRenderer.RenderBus([bass], Rate, dry with { Strips = [dry.Strips[1]] });
        for (int n = 0; n < 6000; n++)
            for (int c = 0; c < 2; c++) Assert.Equal(drumsAlone[c][n] + bassAlone[c][n], dryBus[c][n], 1e-6);
        // The reverb adds nothing before its pre-delay plus the shortest comb, and something after.
        int silentFrames = (int)Math.Round(ReverbSettings.Default.PreDelayMs / 1000 * Rate) + 1116;
        for (int n = 0; n < silentFrames; n++) Assert.Equal(dryBus[0][n], wetBus[0][n]);
        Assert.NotEqual(dryBus[0][silentFrames + 100], wetBus[0][silentFrames + 100]);
    }

    [Fact]
    public void Mastering_a_bus_twice_gives_the_same_output_and_leaves_the_bus_alone()
    {
        var bus = new[] { Signals.Hits(Rate, 20_000, 2.0, 1), Signals.Hits(Rate, 20_000, 1.5, 2) };
        var copy = bus.Select(c => (float[])c.Clone()).ToArray();
        var master = MasterParameters.Neutral with { InputGainDb = 3, Width = 1.2 };
        var first = MixRenderer.Master(bus, Rate, master);
        var second = new[] { new float[20_000], new float[20_000] };
        MixRenderer.Master(bus, Rate, master, second);
        Assert.Equal(copy[0], bus[0]);
        Assert.Equal(first[0], second[0]);
        Assert.Equal(first[1], second[1]);
        Assert.True(Signals.TruePeakDbtp(Rate, first) <= -1.0);
    }

    [Theory]
    [InlineData(15000.0)]
    [InlineData(44100 / 4.0)]
    public void A_master_that_starts_and_ends_loud_is_faded_just_enough_for_every_meter(double frequencyHz)
    {
        // A tone cut off at full level at both ends of the file, driven 12 dB into the limiter.
        var tone = Signals.Sine(frequencyHz, 0.9, Rate, Rate, Math.PI / 4);
        var output = MixRenderer.Render([[tone, tone]], Rate, Neutral("synth") with { Master = MasterParameters.Neutral with { InputGainDb = 12 } });
        Assert.True(Signals.TruePeakDbtp(Rate, output) <= -1.0);
        string path = Write(output);
        try
        {
            double ffmpegDbtp = FfmpegTruePeak.OfFile(path);
            Assert.True(ffmpegDbtp <= -1.0, $"ffmpeg reads {ffmpegDbtp:F3} dBTP");
        }
        finally
        {
            File.Delete(path);
        }
        // Only the edges: a few ms in, the tone is at its limited level again.
        int fade = Rate / 100;
        Assert.True(Math.Abs(output[0][fade]) > 0.1 || Math.Abs(output[0][fade + 1]) > 0.1);
        Assert.Equal(0, output[0][0], 0.05);
        Assert.Equal(0, output[0][^1], 0.05);
    }

    private static string Write(float[][] output)
    {
        string path = Path.Combine(Path.GetTempPath(), $"autofoh-edges-{Guid.NewGuid():N}.wav");
        AutoFoh.Audio.AudioFile.Write(path, new AutoFoh.Audio.AudioBuffer(Rate, output), AutoFoh.Audio.WavSampleFormat.Pcm24);
        return path;
    }

    [Fact]
    public void Stems_of_different_lengths_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => MixRenderer.RenderBus([[new float[100]], [new float[90]]], Rate, Neutral("drums", "bass")));
        Assert.Contains("bass", e.Message);
        Assert.Contains("90", e.Message);
    }

    [Fact]
    public void A_stem_count_that_does_not_match_the_strips_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MixRenderer.RenderBus([[new float[100]]], Rate, Neutral("drums", "bass")));
        Assert.Contains("1 stems but 2 channel strips", e.Message);
        Assert.Throws<ArgumentException>(() => MixRenderer.RenderBus([], Rate, Neutral()));
    }

    [Fact]
    public void A_stem_with_three_channels_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MixRenderer.RenderBus([[new float[10], new float[10], new float[10]]], Rate, Neutral("keys")));
        Assert.Contains("keys", e.Message);
        Assert.Contains("3 channels", e.Message);
    }
}

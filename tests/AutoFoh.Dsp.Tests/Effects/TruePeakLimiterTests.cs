using AutoFoh.Audio;
using AutoFoh.Dsp.Effects;

namespace AutoFoh.Dsp.Tests.Effects;

public sealed class TruePeakLimiterTests
{
    /// <summary>Runs the limiter over whole signals in blocks and removes its latency (flushing it with silence).</summary>
    private static float[][] Limit(LimiterSettings settings, int sampleRateHz, float[][] input, int blockFrames = 4096)
    {
        var limiter = new TruePeakLimiter(settings);
        limiter.Prepare(sampleRateHz, blockFrames);
        int frames = input[0].Length, latency = limiter.LatencyFrames;
        var padded = input.Select(c => c.Concat(new float[latency]).ToArray()).ToArray();
        for (int start = 0; start < padded[0].Length; start += blockFrames)
        {
            int count = Math.Min(blockFrames, padded[0].Length - start);
            limiter.Process(padded[0].AsSpan(start, count), padded.Length > 1 ? padded[1].AsSpan(start, count) : []);
        }
        return [.. padded.Select(c => c[latency..])];
    }

    public static TheoryData<string, int> Nasty => new()
    {
        { "square", 44100 }, { "square", 48000 },
        { "isp", 44100 }, { "isp", 48000 },
        { "hits", 44100 },
        { "noise", 44100 }, { "noise", 48000 },
        { "sweep", 48000 },
        { "isp", 96000 },
    };

    /// <summary>
    /// Signals that defeat a sample-peak limiter: a full-scale square wave (Gibbs overshoot between samples), a
    /// sine at fs/4 with 45° phase whose samples sit 3 dB under its true peak (+6 dB here), drum-like hits up to
    /// +12 dB with instant attacks, white noise at +20 dB, a fast sweep into the top octave at +10 dB. Stereo,
    /// the sides different.
    /// </summary>
    private static float[][] Signal(string name, int rate)
    {
        int frames = rate * 2;
        static float[] Scale(float[] x, double db) => [.. x.Select(v => (float)(v * Math.Pow(10, db / 20)))];
        return name switch
        {
            "square" => [Signals.Square(1000, 1.0, rate, frames), Signals.Square(1234, 1.0, rate, frames)],
            "isp" => [Signals.Sine(rate / 4.0, 2.0, rate, frames, Math.PI / 4), Signals.Sine(rate / 4.0, 2.0, rate, frames, 3 * Math.PI / 4)],
            "hits" => [Signals.Hits(rate, frames, 4, 1), Signals.Hits(rate, frames, 3, 2, 0.3)],
            "noise" => [Signals.Noise(frames, 3, 10.0), Signals.Noise(frames, 4, 10.0)],
            "sweep" => [Scale(Sweep(rate, frames), 10), Scale(Sweep(rate, frames).Select(v => -v).ToArray(), 10)],
            _ => throw new ArgumentException(name),
        };
    }

    private static float[] Sweep(int rate, int frames)
    {
        var x = new float[frames];
        double phase = 0;
        for (int n = 0; n < frames; n++)
        {
            double f = 5000 * Math.Pow(0.45 * rate / 5000, n / (double)frames);
            phase += 2 * Math.PI * f / rate;
            x[n] = (float)Math.Sin(phase);
        }
        return x;
    }

    [Theory]
    [MemberData(nameof(Nasty))]
    public void The_true_peak_never_exceeds_the_ceiling_and_reaches_close_to_it(string signal, int rate)
    {
        var settings = new LimiterSettings();
        var output = Limit(settings, rate, Signal(signal, rate));
        double truePeak = Signals.TruePeakDbtp(rate, output);
        Assert.True(truePeak <= settings.CeilingDbtp, $"{signal} at {rate} Hz: true peak {truePeak:F3} dBTP over the {settings.CeilingDbtp} dBTP ceiling");
        Assert.True(truePeak > settings.CeilingDbtp - 0.5, $"{signal} at {rate} Hz: true peak {truePeak:F3} dBTP, far under the ceiling: the limiter turns down more than it must");
    }

    [Theory]
    [InlineData(-1.0, 1.0)]
    [InlineData(-0.3, 0.5)]
    [InlineData(-6.0, 20.0)]
    public void Other_ceilings_and_look_aheads_hold_too(double ceilingDbtp, double lookaheadMs)
    {
        const int rate = 44100;
        var settings = new LimiterSettings(ceilingDbtp, lookaheadMs, ReleaseMs: 50);
        foreach (var name in new[] { "square", "isp", "hits", "noise" })
        {
            double truePeak = Signals.TruePeakDbtp(rate, Limit(settings, rate, Signal(name, rate)));
            Assert.True(truePeak <= ceilingDbtp, $"{name}: {truePeak:F3} dBTP over {ceilingDbtp} dBTP");
        }
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Ffmpegs_ebur128_meter_agrees_the_written_24_bit_file_stays_under_the_ceiling(int rate)
    {
        // The signals start and stop abruptly inside the file, after and before 50 ms of silence (what lies
        // beyond a file's own first and last samples is each meter's guess: MixRendererTests cover those edges).
        var settings = new LimiterSettings();
        float[][] Padded(float[][] x) => [.. x.Select(c => new float[rate / 20].Concat(c).Concat(new float[rate / 20]).ToArray())];
        string folder = Path.Combine(Path.GetTempPath(), $"autofoh-limiter-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var name in new[] { "square", "isp", "hits", "noise", "sweep" })
            {
                var output = Limit(settings, rate, Padded(Signal(name, rate)));
                string path = Path.Combine(folder, $"{name}.wav");
                AudioFile.Write(path, new AudioBuffer(rate, output), WavSampleFormat.Pcm24);
                double ffmpegDbtp = FfmpegTruePeak.OfFile(path);
                Assert.True(ffmpegDbtp <= settings.CeilingDbtp, $"{name}: ffmpeg ebur128 reads {ffmpegDbtp:F3} dBTP, over {settings.CeilingDbtp}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_signal_under_the_ceiling_passes_unchanged_only_delayed()
    {
        const int rate = 44100;
        var limiter = new TruePeakLimiter(new LimiterSettings());
        limiter.Prepare(rate, 1000);
        int latency = limiter.LatencyFrames;
        Assert.Equal((int)Math.Round(0.005 * rate) + 47, latency);
        var x = Signals.Sine(440, 0.5, rate, rate); // −6 dBTP
        var left = (float[])x.Clone();
        var right = x.Select(v => -0.5f * v).ToArray();
        var rightIn = (float[])right.Clone();
        for (int start = 0; start < x.Length; start += 1000)
        {
            int count = Math.Min(1000, x.Length - start);
            limiter.Process(left.AsSpan(start, count), right.AsSpan(start, count));
        }
        Assert.All(left[..latency], v => Assert.Equal(0f, v));
        for (int n = latency; n < x.Length; n++)
        {
            Assert.Equal(x[n - latency], left[n]);
            Assert.Equal(rightIn[n - latency], right[n]);
        }
        Assert.Equal(0, limiter.LargestGainReductionDb, 12);
    }

    [Fact]
    public void Quiet_music_after_a_loud_burst_comes_back_to_unity_gain_through_the_release()
    {
        const int rate = 48000;
        var loud = Signals.Noise(rate / 2, 1, 4.0);
        var quiet = Signals.Sine(300, 0.3, rate, 2 * rate);
        var input = loud.Concat(quiet).ToArray();
        var output = Limit(new LimiterSettings(ReleaseMs: 50), rate, [input])[0];
        Assert.True(Signals.TruePeakDbtp(rate, output) <= -1.0);
        // 1 s after the burst (20 release times), the quiet sine is back within 0.01 dB of itself.
        var tailIn = input.AsSpan(input.Length - rate / 2);
        var tailOut = output.AsSpan(output.Length - rate / 2);
        Assert.Equal(0, 20 * Math.Log10(Signals.Rms(tailOut) / Signals.Rms(tailIn)), 0.01);
    }

    [Fact]
    public void The_block_size_does_not_change_the_output()
    {
        const int rate = 44100;
        var input = Signal("hits", rate);
        var whole = Limit(new LimiterSettings(), rate, input, 4096);
        var small = Limit(new LimiterSettings(), rate, input, 77);
        Assert.Equal(whole[0], small[0]);
        Assert.Equal(whole[1], small[1]);
    }
}

using System.Diagnostics;
using AutoFoh.LiveMix;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.Realtime.Tests;

public class EngineTests
{
    private const int Rate = 48000;

    /// <summary>
    /// A mixer that asks for fixed gains (dB), switching to <paramref name="laterDb"/> once it has heard
    /// <paramref name="switchAfter"/> samples; past <paramref name="throwAfter"/> it throws, or stalls (until
    /// <paramref name="release"/> is set, or for ever); each step takes <paramref name="thinkMs"/>, and it
    /// waits at <paramref name="gate"/> once it has seen <paramref name="pauseAfter"/> samples.
    /// </summary>
    internal sealed class FixedMixer(float[] gainsDb, long throwAfter = long.MaxValue, bool stall = false, ManualResetEventSlim? release = null,
        float[]? laterDb = null, long switchAfter = long.MaxValue, int thinkMs = 0, long pauseAfter = long.MaxValue, ManualResetEventSlim? gate = null) : ILiveMixer
    {
        private long _seen, _done;
        /// <summary>Samples decided so far (read from the test's thread).</summary>
        public long Decided => Volatile.Read(ref _done);
        public string Name => "fixed";
        public double LatencyMs => 0;
        public MixPrecision Precision => MixPrecision.Single;
        public void Prepare(int sampleRateHz, int channels, int maxBlock) { }
        public void Reset() => _seen = 0;
        public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
        {
            _seen += frames;
            if (thinkMs > 0) Thread.Sleep(thinkMs);
            if (_seen > pauseAfter) gate?.Wait();
            Volatile.Write(ref _done, _seen);
            if (_seen > throwAfter)
            {
                if (stall && release is null) Thread.Sleep(Timeout.Infinite);
                if (stall) { release!.Wait(); return; }
                throw new InvalidOperationException("model exploded");
            }
            (_seen > switchAfter && laterDb is not null ? laterDb : gainsDb).CopyTo(gains.EndDb, 0);
        }
    }

    /// <summary>Plucked notes (five harmonics, decaying) every 250 ms on each channel, and a little noise.</summary>
    internal static float[][] Music(int channels, double seconds, int seed)
    {
        var random = new Random(seed);
        int length = (int)(seconds * Rate), note = Rate / 4;
        return Enumerable.Range(0, channels).Select(c =>
        {
            var x = new float[length];
            double f0 = 110 * (c + 1);
            for (int n = 0; n < length; n++)
            {
                int k = n / note;
                double t = (n % note) / (double)Rate, f = f0 * (1 + 0.25 * ((k * 7 + c) % 5));
                double v = 0;
                for (int h = 1; h <= 5; h++) v += Math.Sin(2 * Math.PI * f * h * t) / h;
                x[n] = (float)(0.1 * v * Math.Exp(-t * 8) + 0.01 * (random.NextDouble() * 2 - 1));
            }
            return x;
        }).ToArray();
    }

    internal static LiveEngine Engine(int channels, Func<ILiveMixer> mixer, SafetySettings? safety = null, int outputs = 1, bool offline = true, double[]? lineCheck = null) =>
        new(new EngineSettings { SampleRateHz = Rate, Channels = channels, Outputs = outputs, Offline = offline, MaxBlock = 512, Safety = safety ?? new SafetySettings(), LineCheckGainsDb = lineCheck }, mixer);

    [Fact]
    public void An_impulse_comes_out_on_the_same_sample_zero_added_latency()
    {
        var channels = Enumerable.Range(0, 4).Select(_ => new float[Rate]).ToArray();
        channels[2][10_007] = 0.5f;
        // Exactly 0 elsewhere without the DC blocker (a high-pass leaves a tail: SafetyTests checks that case).
        using var engine = Engine(4, () => new UnityMixer(), new SafetySettings { DcBlocker = false });
        var (outputs, _) = FileBackend.Run(engine, channels);
        int peak = Array.IndexOf(outputs[0], outputs[0].MaxBy(Math.Abs));
        Assert.Equal(10_007, peak);
        Assert.Equal(0.5f, outputs[0][peak], 3);
        Assert.All(outputs[0].Where((_, n) => n != peak), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Output_sample_n_never_depends_on_input_after_n_and_block_size_does_not_matter()
    {
        var channels = Music(3, 2, 1);
        float[] Render(float[][] input, int block)
        {
            using var engine = Engine(3, () => new DuganMixer());
            return FileBackend.Run(engine, input, block).Outputs[0];
        }
        var before = Render(channels, 128);
        int cut = Rate + 33;
        var perturbed = channels.Select(c => c.Select((v, n) => n > cut ? -2 * v + 0.3f : v).ToArray()).ToArray();
        var after = Render(perturbed, 128);
        for (int n = 0; n <= cut; n++) Assert.Equal(BitConverter.SingleToInt32Bits(before[n]), BitConverter.SingleToInt32Bits(after[n]));
        Assert.NotEqual(before[cut + 1], after[cut + 1]);
        // Decisions take effect at fixed samples, so the backend's block size changes nothing.
        var odd = Render(channels, 100);
        Assert.Equal(before, odd);
    }

    [Fact]
    public void The_boost_cap_holds_a_channel_at_its_line_check_gain_plus_six()
    {
        var channels = Music(2, 1, 2);
        using var engine = Engine(2, () => new FixedMixer([20, -10]), lineCheck: [3, 0]);
        var (_, gains) = FileBackend.Run(engine, channels);
        Assert.Equal(9, gains[^1][0], 1);
        Assert.Equal(-10, gains[^1][1], 1);
        using var uncapped = Engine(2, () => new FixedMixer([20, -10]), new SafetySettings { MaxBoostDb = null });
        Assert.Equal(20, FileBackend.Run(uncapped, channels).GainsDb[^1][0], 1);
    }

    [Fact]
    public void Gains_move_no_faster_than_the_slew_limit()
    {
        var channels = Music(1, 1, 3);
        using var engine = Engine(1, () => new FixedMixer([-30]), new SafetySettings { SlewDbPerSecond = 60 });
        var (_, gains) = FileBackend.Run(engine, channels);
        // −30 dB takes half a second at 60 dB/s once the first decision lands (2048 samples in).
        for (int b = 1; b < gains.Length; b++) Assert.InRange(gains[b - 1][0] - gains[b][0], -0.01, 60.0 * 128 / Rate + 0.01);
        Assert.Equal(-30, gains[^1][0], 1);
    }

    [Fact]
    public void A_NaN_input_is_silence_and_counted()
    {
        var channels = Music(2, 0.5, 4);
        channels[0][1000] = float.NaN;
        channels[1][2000] = float.PositiveInfinity;
        using var engine = Engine(2, () => new DuganMixer(), outputs: 2);
        var (outputs, _) = FileBackend.Run(engine, channels);
        Assert.All(outputs.SelectMany(o => o), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(2, engine.Status.BadSamplesReplaced);
    }

    [Fact]
    public void A_model_that_throws_hands_over_to_Dugan_and_says_so()
    {
        var channels = Music(3, 1, 5);
        using var engine = Engine(3, () => new FixedMixer([0, 0, 0], throwAfter: Rate / 4));
        var (outputs, _) = FileBackend.Run(engine, channels);
        Assert.Contains("Dugan", engine.Status.Message);
        Assert.Contains("model exploded", engine.Status.Message);
        Assert.Contains(outputs[0].Skip(Rate / 2), v => v != 0);
    }

    [Fact]
    public void A_late_model_falls_back_to_the_last_gains_then_to_Dugan_live()
    {
        var channels = Music(3, 2, 6);
        using var engine = Engine(3, () => new FixedMixer([-6, -6, -6], throwAfter: Rate / 4, stall: true), offline: false);
        engine.Start();
        var output = new float[channels[0].Length];
        var applied = new List<float>();
        for (int start = 0; start < output.Length; start += 128)
        {
            for (int c = 0; c < 3; c++) channels[c].AsSpan(start, 128).CopyTo(engine.Input(c));
            engine.Process(128, output.AsSpan(start, 128), Span<float>.Empty);
            applied.Add(engine.Status.AppliedGainDb[0]);
            if (start < Rate / 4) Thread.Sleep(3);   // real time while the model is alive, so its decisions land
        }
        Assert.True(engine.Status.FallbackActive);
        Assert.True(engine.Status.LateBlocks > 0);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(output.Skip(3 * Rate / 2), v => v != 0);
    }

    [Fact]
    public void Decisions_that_arrive_after_their_sample_are_counted_live_and_never_offline()
    {
        // 12 ms of thinking per 256-frame step (5.3 ms of audio): live, the worker falls behind real time.
        var channels = Music(3, 0.5, 8);
        Func<ILiveMixer> slow = () => new FixedMixer([-3, -3, -3], thinkMs: 12);
        using (var live = Engine(3, slow, offline: false))
        {
            live.Start();
            var output = new float[128];
            for (int start = 0; start + 128 <= channels[0].Length; start += 128)
            {
                for (int c = 0; c < 3; c++) channels[c].AsSpan(start, 128).CopyTo(live.Input(c));
                live.Process(128, output, Span<float>.Empty);
                Thread.Sleep(3);
            }
            Assert.True(live.Status.LateDecisions > 0);
        }
        using var offline = Engine(3, slow);
        FileBackend.Run(offline, channels);
        Assert.Equal(0, offline.Status.LateDecisions);
    }

    [Fact]
    public void After_an_overrun_the_decisions_are_on_time_again()
    {
        // The model stops after 0.1 s; the audio thread goes on until it has dropped 40 blocks (5120 frames,
        // more than the 2048-sample decision delay), then the model resumes and keeps up from then on.
        const int block = 128;
        var channels = Music(2, 3, 9);
        using var gate = new ManualResetEventSlim(false);
        var mixer = new FixedMixer([-3, -3], pauseAfter: Rate / 10, gate: gate);
        using var engine = Engine(2, () => mixer, offline: false);
        engine.Start();
        var output = new float[block];
        int at = 0;
        void Feed()
        {
            for (int c = 0; c < 2; c++) channels[c].AsSpan(at, block).CopyTo(engine.Input(c));
            engine.Process(block, output, Span<float>.Empty);
            at += block;
        }
        void WaitForTheModel()
        {
            long heard = at - engine.Status.Overruns * block, workerBlock = engine.Settings.WorkerBlock;
            var clock = Stopwatch.StartNew();
            while (mixer.Decided < heard / workerBlock * workerBlock && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(1);
        }
        while (engine.Status.Overruns < 40) { Feed(); if (mixer.Decided == 0) WaitForTheModel(); }
        gate.Set();
        WaitForTheModel();
        Feed();   // takes the backlog's decisions, late by then
        long lateBefore = engine.Status.LateDecisions;
        while (at + block <= Rate * 2) { Feed(); WaitForTheModel(); }
        // Tagged from what the worker heard alone, every decision from here on would land 5120 frames late.
        Assert.Equal(lateBefore, engine.Status.LateDecisions);
        Assert.True(engine.Status.Overruns >= 40);
    }

    [Fact]
    public void A_growing_feedback_loop_is_notched_first_and_the_channel_keeps_its_gain()
    {
        var channels = Music(3, 2, 7);
        int onset = Rate;   // a 2.7 kHz howl starts at 1 s on channel 2, from −50 dBFS, growing 60 dB/s to −10 dBFS
        for (int n = onset; n < channels[1].Length; n++)
        {
            double t = (n - onset) / (double)Rate;
            channels[1][n] += (float)(Math.Pow(10, Math.Min(-50 + 60 * t, -10) / 20) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * 2700 * t));
        }
        using var engine = Engine(3, () => new UnityMixer());
        var (_, gains) = FileBackend.Run(engine, channels);
        var notch = engine.Events.Snapshot().First(e => e.Kind == EngineEventKind.Feedback);
        Assert.Equal(EngineEvent.Notch, notch.Action);
        Assert.Equal(1, notch.Channel);
        Assert.InRange(notch.FrequencyHz!.Value, 2670, 2730);
        Assert.InRange(notch.TimeSeconds, 1.1, 1.6);
        int at = (int)(notch.TimeSeconds * Rate) / 128;
        Assert.True(gains[at][1] > -0.5, "the channel was pulled down, not notched");
        Assert.True(gains[onset / 128][1] > -0.5, "pulled down before the howl started");
        Assert.InRange(gains[at][0], -0.5, 0.5);   // the others untouched
        Assert.Contains("feedback on channel 2", engine.Status.Message);
        Assert.True(engine.Status.FeedbackEvents >= 1);
        Assert.True(engine.Notches.ActiveCount(1) >= 1);
    }

    [Fact]
    public void A_held_note_is_not_feedback()
    {
        var channels = Music(2, 3, 8);
        for (int n = 0; n < channels[0].Length; n++) channels[0][n] += (float)(0.3 * Math.Sin(2 * Math.PI * 1000 * n / Rate));
        using var engine = Engine(2, () => new UnityMixer());
        FileBackend.Run(engine, channels);
        Assert.Equal(0, engine.Status.FeedbackEvents);
    }
}

using System.Diagnostics;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.Realtime.Tests;

/// <summary>The engineer's controls as the engine applies them: mute, lock, priority; and the file backend at real time.</summary>
public class ChannelControlTests
{
    private const int Rate = 48000, Block = 128;

    /// <summary>Plays <paramref name="channels"/> through the engine block by block, calling <paramref name="before"/> with each block's index first (the engineer's hands).</summary>
    private static (float[] Output, float[][] GainsDb) Drive(LiveEngine engine, float[][] channels, Action<int> before)
    {
        engine.Start();
        var output = new float[channels[0].Length];
        var gains = new List<float[]>();
        for (int b = 0; b * Block < output.Length; b++)
        {
            before(b);
            int start = b * Block, count = Math.Min(Block, output.Length - start);
            for (int c = 0; c < channels.Length; c++) channels[c].AsSpan(start, count).CopyTo(engine.Input(c));
            engine.Process(count, output.AsSpan(start, count), Span<float>.Empty);
            gains.Add((float[])engine.Status.AppliedGainDb.Clone());
        }
        return (output, gains.ToArray());
    }

    private static float[] Constant(double seconds, float value) => Enumerable.Repeat(value, (int)(seconds * Rate)).ToArray();

    [Fact]
    public void A_mute_fades_the_channel_to_a_gain_of_exactly_zero_without_a_click_and_an_unmute_fades_it_back()
    {
        // A constant on channel 1 makes the output the channel's gain envelope itself (the DC blocker off, or it would
        // take the constant away); channel 2 is silent.
        var channels = new[] { Constant(1, 0.5f), Constant(1, 0f) };
        int muteBlock = 100, unmuteBlock = 300;
        using var engine = EngineTests.Engine(2, () => new UnityMixer(), new SafetySettings { DcBlocker = false });
        var (output, gains) = Drive(engine, channels, b =>
        {
            if (b == muteBlock) engine.Controls.Mute(0, true);
            if (b == unmuteBlock) engine.Controls.Mute(0, false);
        });
        int muted = muteBlock * Block, unmuted = unmuteBlock * Block;
        Assert.All(output.Take(muted), v => Assert.Equal(0.5f, v, 6));
        Assert.True(output[muted] > 0.49f, $"the first muted sample is {output[muted]}: a cut, not a fade");
        // No click: no sample-to-sample step larger than 0.5% of full level while it fades, out and back in.
        for (int n = muted; n < output.Length; n++) Assert.InRange(Math.Abs(output[n] - output[n - 1]), 0, 0.5 * 0.005);
        int silentFrom = Array.FindIndex(output, muted, v => v == 0);
        Assert.InRange((silentFrom - muted) * 1000.0 / Rate, 5, 100);   // a gain of exactly 0 within 100 ms
        Assert.All(output[silentFrom..unmuted], v => Assert.Equal(0f, v));
        Assert.Equal(-120, gains[unmuteBlock - 1][0]);   // reported as the engine's floor
        Assert.Equal(0.5f, output[^1], 4);
        Assert.All(gains, g => Assert.Equal(0, g[1], 1e-3));   // the other channel is left alone
    }

    [Fact]
    public void A_locked_channel_holds_the_gain_it_had_while_the_automixer_moves_the_others_and_unlocking_hands_it_back()
    {
        var channels = EngineTests.Music(2, 2, 11);
        // The automixer asks for 0 dB, then from 0.5 s for −20 dB; slewing at 60 dB/s the gains take a third of a second to get there.
        int lockBlock = (int)(0.65 * Rate) / Block, unlockBlock = (int)(1.3 * Rate) / Block;
        using var engine = EngineTests.Engine(2, () => new EngineTests.FixedMixer([0, 0], laterDb: [-20, -20], switchAfter: Rate / 2));
        var (_, gains) = Drive(engine, channels, b =>
        {
            if (b == lockBlock) engine.Controls.Lock(0, true);
            if (b == unlockBlock) engine.Controls.Lock(0, false);
        });
        float held = gains[lockBlock - 1][0];
        Assert.InRange(held, -15, -1);   // caught half-way down
        for (int b = lockBlock; b < unlockBlock; b++) Assert.Equal(held, gains[b][0], 1e-3);
        Assert.Equal(-20, gains[unlockBlock - 1][1], 0.1);   // the unlocked channel went on to −20 dB
        Assert.Equal(-20, gains[^1][0], 0.1);   // unlocked: the automixer has it again
        Assert.True(engine.Controls.IsLocked(0) == false);
    }

    [Fact]
    public void A_priority_offsets_the_models_decision_by_its_dB_and_the_boost_cap_still_holds()
    {
        var channels = EngineTests.Music(3, 1, 12);
        using var engine = EngineTests.Engine(3, () => new EngineTests.FixedMixer([-3, -3, -3]), lineCheck: [0, 0, 0]);
        engine.Controls.SetPriorityDb(0, 12);    // −3 + 12 = +9, over the +6 dB cap
        engine.Controls.SetPriorityDb(1, -10);
        engine.Controls.SetPriorityDb(2, 4);
        var (_, gains) = FileBackend.Run(engine, channels);
        Assert.Equal(6, gains[^1][0], 0.05);
        Assert.Equal(-13, gains[^1][1], 0.05);
        Assert.Equal(1, gains[^1][2], 0.05);
        Assert.All(engine.Status.AutomaticGainDb, g => Assert.Equal(-3, g, 1e-4));   // the decision itself is reported unchanged
    }

    [Fact]
    public void A_priority_offsets_Dugan_gain_sharing_too_when_the_model_never_answers()
    {
        // Two identical channels share the gain equally (−3 dB each) once Dugan takes over from the silent model.
        var music = EngineTests.Music(1, 1.5, 13)[0];
        var channels = new[] { music, (float[])music.Clone() };
        using var release = new ManualResetEventSlim();
        using var engine = EngineTests.Engine(2, () => new EngineTests.FixedMixer([0, 0], throwAfter: 0, stall: true, release: release), offline: false, lineCheck: [0, 0]);
        engine.Controls.SetPriorityDb(0, 12);   // +9 dB would be over the cap
        engine.Controls.SetPriorityDb(1, -10);
        var (_, gains) = Drive(engine, channels, _ => { });
        release.Set();
        Assert.True(engine.Status.FallbackActive);
        Assert.Equal(-3.01, engine.Status.AutomaticGainDb[1], 0.3);
        Assert.Equal(6, gains[^1][0], 0.05);
        Assert.Equal(-13.01, gains[^1][1], 0.5);
    }

    [Fact]
    public void The_audio_thread_allocates_nothing_while_the_engineer_mutes_locks_and_moves_priorities()
    {
        // Every stage at work: the DC blocker on an offset input, notches coming and going (four a channel, set from
        // this thread as a policy on the worker would), the ceiling holding a mix driven 20 dB over it, bad samples.
        var channels = EngineTests.Music(4, 2, 15);
        foreach (var x in channels) for (int n = 0; n < x.Length; n++) x[n] = 30 * x[n] + 0.2f;
        using var engine = EngineTests.Engine(4, () => new DuganMixer(), offline: false, outputs: 2);
        engine.Start();
        var left = new float[Block];
        var right = new float[Block];
        long allocated = 0;
        float ceilingGainDb = 0;
        for (int b = 0; b < channels[0].Length / Block; b++)
        {
            engine.Controls.Mute(b % 4, b % 7 == 0);
            engine.Controls.Lock((b + 1) % 4, b % 5 == 0);
            engine.Controls.SetPriorityDb((b + 2) % 4, b % 13 - 6);
            for (int slot = 0; slot < 4; slot++) engine.Notches.Set((b + slot) % 4, slot + 4 * (b / 97 % 2), 300 + 700 * slot + b % 50, b % 11 == 0 ? 0 : -12);
            for (int c = 0; c < 4; c++) channels[c].AsSpan(b * Block, Block).CopyTo(engine.Input(c));
            if (b % 50 == 0) engine.Input(b % 4)[b % Block] = b % 100 == 0 ? float.NaN : 1e30f;
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.Process(Block, left, right);
            if (b >= 100) allocated += GC.GetAllocatedBytesForCurrentThread() - before;   // after the first blocks' warm-up
            ceilingGainDb = Math.Min(ceilingGainDb, engine.Status.CeilingGainDb);
        }
        Assert.Equal(0, allocated);
        Assert.True(ceilingGainDb < -10, $"the ceiling's lowest gain {ceilingGainDb} dB: not at work");
        Assert.True(Enumerable.Range(0, 4).Sum(engine.Notches.ActiveCount) >= 8);
        Assert.True(engine.Status.BadSamplesReplaced >= 10);
    }

    [Fact]
    public void Bad_control_values_are_refused_naming_the_value()
    {
        var controls = new ChannelControls(2);
        Assert.Contains("priority 30 dB", Assert.Throws<ArgumentOutOfRangeException>(() => controls.SetPriorityDb(0, 30)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentOutOfRangeException>(() => controls.SetPriorityDb(0, double.NaN)).Message);
        Assert.Contains("channel 3", Assert.Throws<ArgumentOutOfRangeException>(() => controls.Mute(2, true)).Message);
        Assert.Contains("pan 2", Assert.Throws<ArgumentOutOfRangeException>(() => controls.SetPan(1, 2)).Message);
        controls.SetPriorityDb(1, -24);
        Assert.Equal(-24, controls.PriorityDb(1));
    }

    [Fact]
    public void The_input_meter_catches_a_peak_at_once_and_falls_12_dB_a_second()
    {
        var burst = new float[Rate];
        burst[100] = 0.5f;   // −6 dBFS, then silence
        using var engine = EngineTests.Engine(1, () => new UnityMixer());
        float after1Block = float.NaN, afterHalfSecond = float.NaN;
        Drive(engine, [burst], b =>
        {
            if (b == 1) after1Block = engine.Status.InputPeakDbfs[0];
            if (b == 1 + Rate / 2 / Block) afterHalfSecond = engine.Status.InputPeakDbfs[0];
        });
        Assert.Equal(-6.02, after1Block, 0.05);
        Assert.Equal(-12.02, afterHalfSecond, 0.1);
    }

    [Fact]
    public void At_real_time_the_file_backend_plays_no_faster_than_the_clock_and_as_fast_as_it_can_it_needs_an_offline_engine()
    {
        var channels = EngineTests.Music(2, 0.5, 14);
        using (var fast = EngineTests.Engine(2, () => new DuganMixer(), offline: false))
            Assert.Contains("offline", Assert.Throws<ArgumentException>(() => FileBackend.Run(fast, channels)).Message);
        using var engine = EngineTests.Engine(2, () => new DuganMixer(), offline: false);
        var clock = Stopwatch.StartNew();
        var (outputs, _) = FileBackend.Run(engine, channels, realTime: true);
        Assert.True(clock.Elapsed.TotalSeconds >= 0.5 - 0.003, $"0.5 s of audio played in {clock.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(channels[0].Length, outputs[0].Length);
        using var cancelled = EngineTests.Engine(2, () => new DuganMixer(), offline: false);
        Assert.Throws<OperationCanceledException>(() => FileBackend.Run(cancelled, channels, realTime: true, cancel: new CancellationToken(canceled: true)));
    }
}

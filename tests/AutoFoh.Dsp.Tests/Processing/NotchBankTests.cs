using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class NotchBankTests
{
    private const int Block = 128;

    /// <summary>Runs <paramref name="x"/> through channel 0 of <paramref name="bank"/> in audio-thread blocks, in place.</summary>
    private static void Run(NotchBank bank, float[] x, int channel = 0)
    {
        for (int start = 0; start < x.Length; start += Block) bank.Process(channel, x.AsSpan(start, Math.Min(Block, x.Length - start)));
    }

    private static double Rms(ReadOnlySpan<float> x) => Signals.Rms(x);

    /// <summary>The steady gain (dB) of a sine at <paramref name="hz"/> through a fresh bank with one notch: the last second of four.</summary>
    private static double GainDb(int rate, double notchHz, double depthDb, double hz)
    {
        var bank = new NotchBank(1, rate);
        bank.Set(0, 0, notchHz, depthDb);
        var x = Signals.Sine(hz, 0.25, rate, 4 * rate);
        var y = (float[])x.Clone();
        Run(bank, y);
        return 20 * Math.Log10(Rms(y.AsSpan(3 * rate)) / Rms(x.AsSpan(3 * rate)));
    }

    [Theory]
    [InlineData(48000, 1000, -12)]
    [InlineData(48000, 100, -6)]
    [InlineData(48000, 2700, -24)]
    [InlineData(44100, 5000, -12)]
    [InlineData(44100, 63, -18)]
    [InlineData(48000, 12000, -40)]
    public void A_notch_cuts_its_frequency_by_its_depth_and_a_third_of_an_octave_away_by_under_1_dB(int rate, double hz, double depthDb)
    {
        Assert.Equal(depthDb, GainDb(rate, hz, depthDb, hz), 0.25);
        double third = Math.Pow(2, 1.0 / 3);
        foreach (double away in new[] { hz * third, hz / third })
            Assert.InRange(GainDb(rate, hz, depthDb, away), -1, 0.01);
        // A semitone away (a neighbouring note) a −12 dB notch takes well under a decibel.
        if (depthDb == -12) Assert.InRange(GainDb(rate, hz, depthDb, hz * Math.Pow(2, 1.0 / 12)), -0.6, 0.01);
    }

    [Fact]
    public void A_slot_at_depth_0_leaves_the_signal_untouched_bit_for_bit()
    {
        var bank = new NotchBank(2, 48000);
        bank.Set(1, 3, 1000, -12);   // another channel's notch
        bank.Set(0, 2, 1000, 0);     // tuned but off
        var x = Signals.Noise(48000, 3);
        var y = (float[])x.Clone();
        Run(bank, y);
        Assert.Equal(x, y);
        Assert.Equal(0, bank.ActiveCount(0));
    }

    [Fact]
    public void A_fresh_notch_arrives_within_12_ms_and_a_block_and_a_change_of_depth_never_clicks()
    {
        const int rate = 48000;
        // A loud tone at the notch's frequency and one a little off it (where the band-pass's transient shows most).
        var x = Signals.Sine(1000, 0.45, rate, 2 * rate);
        var off = Signals.Sine(1040, 0.45, rate, 2 * rate);
        for (int n = 0; n < x.Length; n++) x[n] += off[n];
        float inputStep = 0;
        for (int n = 1; n < x.Length; n++) inputStep = Math.Max(inputStep, Math.Abs(x[n] - x[n - 1]));
        var bank = new NotchBank(1, rate);
        var y = (float[])x.Clone();
        int arrivedAfter = -1;
        for (int b = 0; b * Block < y.Length; b++)
        {
            if (b == 100) bank.Set(0, 0, 1000, -12);
            if (b == 300) bank.Set(0, 0, 1000, -30);   // deeper
            if (b == 500) bank.Set(0, 0, 1000, 0);     // off
            bank.Process(0, y.AsSpan(b * Block, Block));
            if (b >= 100 && arrivedAfter < 0 && bank.AppliedDepthDb(0, 0) <= -12) arrivedAfter = (b - 100 + 1) * Block;
        }
        Assert.InRange(arrivedAfter * 1000.0 / rate, 12, 12 + Block * 1000.0 / rate);   // 1 dB a millisecond, taken a block at a time
        float outputStep = 0;
        for (int n = 1; n < y.Length; n++) outputStep = Math.Max(outputStep, Math.Abs(y[n] - y[n - 1]));
        // A notch only takes signal away: no sample-to-sample step beyond the input's own.
        Assert.True(outputStep <= inputStep * 1.02f, $"largest step {outputStep} against the input's {inputStep}");
        Assert.Equal(0, bank.ActiveCount(0));
    }

    [Fact]
    public void A_notch_moved_to_another_frequency_fades_out_there_and_in_at_the_new_one_without_a_click()
    {
        const int rate = 48000;
        var x = Signals.Sine(1000, 0.4, rate, 2 * rate);
        var other = Signals.Sine(3000, 0.4, rate, 2 * rate);
        for (int n = 0; n < x.Length; n++) x[n] += other[n];
        float inputStep = 0;
        for (int n = 1; n < x.Length; n++) inputStep = Math.Max(inputStep, Math.Abs(x[n] - x[n - 1]));
        var bank = new NotchBank(1, rate);
        bank.Set(0, 5, 1000, -24);
        var y = (float[])x.Clone();
        for (int b = 0; b * Block < y.Length; b++)
        {
            if (b == 200) bank.Set(0, 5, 3000, -24);
            bank.Process(0, y.AsSpan(b * Block, Block));
        }
        Assert.Equal(3000, bank.AppliedFrequencyHz(0, 5));
        Assert.Equal(-24, bank.AppliedDepthDb(0, 5), 6);
        float outputStep = 0;
        for (int n = 1; n < y.Length; n++) outputStep = Math.Max(outputStep, Math.Abs(y[n] - y[n - 1]));
        Assert.True(outputStep <= inputStep * 1.02f, $"largest step {outputStep} against the input's {inputStep}");
        // At the end the 1 kHz tone is back whole and the 3 kHz one is cut.
        var tail = y[^(rate / 2)..];
        double At(double hz)
        {
            double re = 0, im = 0;
            for (int n = 0; n < tail.Length; n++) { double p = 2 * Math.PI * hz * n / rate; re += tail[n] * Math.Cos(p); im += tail[n] * Math.Sin(p); }
            return 20 * Math.Log10(2 * Math.Sqrt(re * re + im * im) / tail.Length / 0.4);
        }
        Assert.Equal(0, At(1000), 0.2);
        Assert.Equal(-24, At(3000), 0.5);
    }

    [Fact]
    public void A_small_move_retunes_in_place_keeping_its_depth_without_a_click()
    {
        const int rate = 48000;
        var x = Signals.Sine(1010, 0.5, rate, rate);
        float inputStep = 0;
        for (int n = 1; n < x.Length; n++) inputStep = Math.Max(inputStep, Math.Abs(x[n] - x[n - 1]));
        var bank = new NotchBank(1, rate);
        bank.Set(0, 0, 1000, -20);
        var y = (float[])x.Clone();
        for (int b = 0; b * Block < y.Length; b++)
        {
            if (b == 150) bank.Set(0, 0, 1010, -20);   // within half the notch's bandwidth (1000/30/2 Hz)
            bank.Process(0, y.AsSpan(b * Block, Math.Min(Block, y.Length - b * Block)));
            if (b == 150) Assert.Equal((1010f, -20f), (bank.AppliedFrequencyHz(0, 0), bank.AppliedDepthDb(0, 0)));
        }
        float outputStep = 0;
        for (int n = 1; n < y.Length; n++) outputStep = Math.Max(outputStep, Math.Abs(y[n] - y[n - 1]));
        Assert.True(outputStep <= inputStep * 1.02f, $"largest step {outputStep} against the input's {inputStep}");
        Assert.Equal(-20, 20 * Math.Log10(Signals.Rms(y.AsSpan(rate / 2)) / Signals.Rms(x.AsSpan(rate / 2))), 0.3);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Eight_deep_notches_from_20_Hz_to_20_kHz_stay_stable_and_ring_down_to_nothing(int rate)
    {
        double[] frequencies = [20, 35, 120, 1000, 4000, 9000, 16000, 20000];
        var bank = new NotchBank(1, rate);
        for (int s = 0; s < frequencies.Length; s++) bank.Set(0, s, frequencies[s], -NotchBank.MaxDepthDb);
        var x = new float[12 * rate];
        Signals.Noise(2 * rate, 7, 0.9).CopyTo(x, 0);
        x[2 * rate - 1] = 1;   // an impulse last
        Run(bank, x);
        Assert.Equal(8, bank.ActiveCount(0));
        Assert.All(x, v => Assert.True(float.IsFinite(v) && Math.Abs(v) < 4, $"{v}"));
        // Ten seconds after the input stops, the 20 Hz resonator (time constant Q/πf ≈ 0.5 s) has rung out.
        Assert.True(Signals.PeakDb(x.AsSpan(11 * rate)) < -100, $"{Signals.PeakDb(x.AsSpan(11 * rate)):0.0} dB a second before the end");
        for (int s = 0; s < frequencies.Length; s++)
        {
            Assert.Equal(frequencies[s], bank.AppliedFrequencyHz(0, s), 3);
            Assert.Equal(-NotchBank.MaxDepthDb, bank.AppliedDepthDb(0, s), 4);
        }
    }

    [Fact]
    public void Active_notches_are_reported_and_bad_settings_are_refused_naming_the_value()
    {
        var bank = new NotchBank(3, 48000);
        bank.Set(2, 0, 500, -6);
        bank.Set(2, 7, 2500, -9);
        var x = Signals.Noise(4800, 1);
        Run(bank, x, channel: 2);
        Assert.Equal(2, bank.ActiveCount(2));
        Assert.Equal(0, bank.ActiveCount(0));
        Assert.Equal(500, bank.AppliedFrequencyHz(2, 0));
        Assert.Equal(-9, bank.AppliedDepthDb(2, 7), 5);
        Assert.Equal(-9, bank.AskedDepthDb(2, 7));
        Assert.Contains("30000 Hz", Assert.Throws<ArgumentOutOfRangeException>(() => bank.Set(0, 0, 30000, -6)).Message);
        Assert.Contains("3 dB", Assert.Throws<ArgumentOutOfRangeException>(() => bank.Set(0, 0, 1000, 3)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentOutOfRangeException>(() => bank.Set(0, 0, 1000, double.NaN)).Message);
        Assert.Contains("slot 8", Assert.Throws<ArgumentOutOfRangeException>(() => bank.Set(0, 8, 1000, -6)).Message);
        bank.Clear(2);
        Run(bank, x, channel: 2);
        Assert.Equal(0, bank.ActiveCount(2));
    }

    [Fact]
    public void Four_channels_at_a_time_give_what_each_channel_alone_gives_bit_for_bit()
    {
        // Seven channels (a group of four, three alone) with 0, 1, 3, 5, 8, 2 and 4 notches, coming in, moving and going.
        int[] counts = [0, 1, 3, 5, 8, 2, 4];
        var together = new NotchBank(7, 48000);
        var alone = new NotchBank(7, 48000);
        var x = Enumerable.Range(0, 7).Select(c => Signals.Noise(48000, 10 + c, 0.5)).ToArray();
        var y = x.Select(v => (float[])v.Clone()).ToArray();
        var block = Enumerable.Range(0, 7).Select(_ => new float[Block]).ToArray();
        for (int b = 0; b * Block < x[0].Length; b++)
        {
            foreach (var bank in new[] { together, alone })
                for (int c = 0; c < 7; c++)
                    for (int s = 0; s < counts[c]; s++)
                        if (b == 10 * s + c || b == 200 + 7 * s || b == 300 + s)
                            bank.Set(c, s, (b >= 200 ? 1.5 : 1) * 150 * (s + 1) * (c + 1) % 20000 + 30, b >= 300 ? 0 : -3 - 4 * s);
            for (int c = 0; c < 7; c++) x[c].AsSpan(b * Block, Block).CopyTo(block[c]);
            together.Process(block, Block);
            for (int c = 0; c < 7; c++)
            {
                block[c].AsSpan().CopyTo(x[c].AsSpan(b * Block));
                alone.Process(c, y[c].AsSpan(b * Block, Block));
            }
        }
        for (int c = 0; c < 7; c++) Assert.Equal(y[c], x[c]);
        Assert.NotEqual(Signals.Noise(48000, 14, 0.5), x[4]);   // the notches did cut
    }

    [Fact]
    public void The_audio_thread_allocates_nothing_while_notches_come_and_go()
    {
        var bank = new NotchBank(4, 48000);
        var block = Signals.Noise(Block, 2);
        int call = 0;
        Assert.Equal(0, SteadyStateAllocations.PerRound(() =>
        {
            call++;
            bank.Set(call % 4, call % 8, 200 + 37 * (call % 50), -(call % 13));
            for (int c = 0; c < 4; c++) bank.Process(c, block);
        }));
    }
}

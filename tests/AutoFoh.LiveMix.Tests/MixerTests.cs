using AutoFoh.Lab.LiveMix;
using AutoFoh.LiveMix.Mixers;

namespace AutoFoh.LiveMix.Tests;

public class MixerTests
{
    private const int Rate = 16000;

    public static TheoryData<string> Mixers => new() { "unity", "dugan", "loudness" };

    private static ILiveMixer Create(string name) => MixerRegistry.CreateClassic(name);

    /// <summary>A tone per channel with bursts, each at its own level (bad gain staging).</summary>
    private static float[][] Channels(int count, int seconds, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(c =>
        {
            double level = Math.Pow(10, (random.NextDouble() * 40 - 20) / 20) * 0.1, frequency = 110 * (c + 1);
            return Enumerable.Range(0, seconds * Rate).Select(n =>
                (float)(level * Math.Sin(2 * Math.PI * frequency * n / Rate) * (Math.Sin(2 * Math.PI * (0.3 + 0.1 * c) * n / Rate) > -0.3 ? 1 : 0.05)
                        + 0.001 * (random.NextDouble() * 2 - 1))).ToArray();
        }).ToArray();
    }

    [Theory]
    [MemberData(nameof(Mixers))]
    public void Output_sample_n_never_depends_on_input_after_n(string name)
    {
        var channels = Channels(4, 3, 1);
        var before = MixRunner.Run(Create(name), channels, Rate).Output;
        int cut = Rate + 77;   // not on a block boundary
        var perturbed = channels.Select(c => c.Select((v, n) => n > cut ? -3 * v + 0.5f : v).ToArray()).ToArray();
        var after = MixRunner.Run(Create(name), perturbed, Rate).Output;
        for (int n = 0; n <= cut; n++) Assert.Equal(BitConverter.SingleToInt32Bits(before[n]), BitConverter.SingleToInt32Bits(after[n]));
        Assert.NotEqual(before[cut + 1], after[cut + 1]);
        Assert.Equal(0, Create(name).LatencyMs);
    }

    [Theory]
    [MemberData(nameof(Mixers))]
    public void A_NaN_sample_a_silent_channel_and_sixteen_channels_give_a_finite_mix(string name)
    {
        var channels = Channels(16, 2, 2);
        channels[3][5000] = float.NaN;
        channels[7][9000] = float.PositiveInfinity;
        Array.Clear(channels[5]);
        var result = MixRunner.Run(Create(name), channels, Rate);
        Assert.All(result.Output, v => Assert.True(float.IsFinite(v)));
        Assert.All(result.GainsDb.SelectMany(g => g), v => Assert.True(float.IsFinite(v)));
        Assert.Contains(result.Output, v => v != 0);
    }

    [Fact]
    public void Channels_of_different_lengths_are_refused_naming_the_channel()
    {
        var error = Assert.Throws<ArgumentException>(() => MixRunner.Run(new UnityMixer(), [new float[100], new float[90]], Rate));
        Assert.Contains("channel 2", error.Message);
    }

    [Fact]
    public void Loudness_balancing_undoes_a_20_dB_gain_staging_error()
    {
        // Two steady channels, one 20 dB hotter: after a few seconds both reach the same level.
        var loud = Enumerable.Range(0, 6 * Rate).Select(n => (float)(0.3 * Math.Sin(2 * Math.PI * 220 * n / Rate))).ToArray();
        var quiet = Enumerable.Range(0, 6 * Rate).Select(n => (float)(0.03 * Math.Sin(2 * Math.PI * 330 * n / Rate))).ToArray();
        var result = MixRunner.Run(new LoudnessMixer(), [loud, quiet], Rate);
        var last = result.GainsDb[^1];
        Assert.InRange(last[1] - last[0], 18, 22);
    }

    [Fact]
    public void Dugan_gives_the_gain_to_the_channel_that_carries_the_sound()
    {
        var talking = Enumerable.Range(0, 2 * Rate).Select(n => (float)(0.2 * Math.Sin(2 * Math.PI * 200 * n / Rate))).ToArray();
        var idle = Enumerable.Range(0, 2 * Rate).Select(n => (float)(0.002 * Math.Sin(2 * Math.PI * 300 * n / Rate))).ToArray();
        var result = MixRunner.Run(new DuganMixer(), [talking, idle, idle.ToArray()], Rate);
        var last = result.GainsDb[^1];
        Assert.InRange(last[0], -0.5, 0);          // the open microphone at about unity
        Assert.True(last[1] < -35, $"idle channel at {last[1]:0.0} dB");
        // Gain sharing: the channels' power gains sum to one (one open microphone's worth).
        Assert.InRange(last.Sum(g => Math.Pow(10, g / 10)), 0.99, 1.01);
    }

    [Fact]
    public void The_stft_distance_is_zero_for_the_target_and_grows_with_a_level_error()
    {
        var target = Channels(3, 2, 3).Aggregate(new float[2 * Rate], (sum, c) => sum.Zip(c, (a, b) => a + b).ToArray());
        Assert.Equal(0, MixMetrics.MultiResolutionStft(target, target), 6);
        double small = MixMetrics.MultiResolutionStft(target.Select(v => v * 1.12f).ToArray(), target);
        double large = MixMetrics.MultiResolutionStft(target.Select(v => v * 3f).ToArray(), target);
        Assert.True(0 < small && small < large, $"+1 dB {small:0.000}, +9.5 dB {large:0.000}");
    }

    [Fact]
    public void Gain_stability_counts_the_changes_per_second()
    {
        // Gains stepping by 1 dB every block of 0.1 s on one of two channels: 5 dB per second on average.
        var gains = Enumerable.Range(0, 11).Select(b => new[] { (float)b, 0f }).ToArray();
        var result = new MixResult(new float[11 * 1600], gains, 1600, Rate);
        Assert.Equal(5, MixMetrics.GainChangeDbPerSecond(result), 6);
    }
}

public class BalanceErrorTests
{
    private const int Rate = 8000;

    private static float[] Tone(double amplitude, double frequency) => Enumerable.Range(0, 2 * Rate).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / Rate))).ToArray();

    [Fact]
    public void Gains_that_undo_the_staging_give_no_balance_error_and_unity_gives_the_staging()
    {
        var dry = new[] { Tone(0.1, 200), Tone(0.1, 300), Tone(0.1, 450) };
        var recipe = new Data.LiveRecipe
        {
            Instruments = ["a", "b", "c"], SampleRateHz = Rate, StagingDb = [12, -6, 0], TargetDb = [0, 0, 0],
            BleedEnergy = [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
        };
        MixResult With(float[] gains) => new(new float[2 * Rate], Enumerable.Range(0, 2 * Rate / 256 + 1).Select(_ => gains).ToArray(), 256, Rate);
        var fixedUp = MixMetrics.BalanceErrorsDb(recipe, dry, With([-12, 6, 0]));
        Assert.All(fixedUp, e => Assert.InRange(e, -0.01, 0.01));
        var unity = MixMetrics.BalanceErrorsDb(recipe, dry, With([0, 0, 0]));
        // Shares of 10^1.2, 10^-0.6, 1 against a third each.
        double total = Math.Pow(10, 1.2) + Math.Pow(10, -0.6) + 1;
        Assert.Equal(10 * Math.Log10(Math.Pow(10, 1.2) / total * 3), unity[0], 6);
        Assert.Equal(10 * Math.Log10(Math.Pow(10, -0.6) / total * 3), unity[1], 6);   // about -13.6 dB
    }
}

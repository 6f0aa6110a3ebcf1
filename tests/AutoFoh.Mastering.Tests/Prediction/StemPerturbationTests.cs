using AutoFoh.Dsp;
using AutoFoh.Dsp.Filters;
using AutoFoh.Lab.Mastering;
using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Mastering.Tests.Prediction;

public class StemPerturbationTests
{
    private const double Rate = 16000;

    [Fact]
    public void The_targets_gain_and_shelves_undo_a_level_change_and_tilt_exactly()
    {
        var clean = Signals.Noise(32000, 1, 0.3);
        var perturbation = new StemPerturbation(LevelDb: 7.5, TiltDb: -4.2);
        var perturbed = perturbation.Apply([clean], Rate)[0];
        var target = MixTargets.Values(InstrumentRole.Vocals, 0, 1, MixStyles.CountryPop, perturbation, intendedRmsDbfs: -15);
        Assert.Equal(-7.5, target[StripParameterSpace.Gain], 1e-12);
        Assert.Equal(0, target[StripParameterSpace.LowPeak]);
        Assert.Equal(0, target[StripParameterSpace.HighPeak]);

        // The strip's own shelves at the target gains, then its gain: back to the clean stem.
        var bands = StripParameterSpace.EqBands;
        new Biquad(BiquadCoefficients.LowShelf(bands[0].FrequencyHz, Rate, target[StripParameterSpace.LowShelf])).Process(perturbed);
        new Biquad(BiquadCoefficients.HighShelf(bands[3].FrequencyHz, Rate, target[StripParameterSpace.HighShelf])).Process(perturbed);
        float gain = (float)Decibels.ToAmplitude(target[StripParameterSpace.Gain]);
        double error = 0, power = 0;
        for (int n = 0; n < clean.Length; n++)
        {
            double d = perturbed[n] * gain - clean[n];
            error += d * d;
            power += (double)clean[n] * clean[n];
        }
        Assert.True(10 * Math.Log10(error / power) < -80, $"residual {10 * Math.Log10(error / power):0.0} dB");
    }

    [Fact]
    public void A_level_change_moves_the_measured_rms_and_loudness_by_that_much()
    {
        var clean = Signals.Noise(32000, 2, 0.1);
        var before = StemFeatureExtractor.Extract([clean], Rate);
        var after = StemFeatureExtractor.Extract(new StemPerturbation(-9, 0).Apply([clean], Rate), Rate);
        Assert.Equal(before.RmsDbfs - 9, after.RmsDbfs, 1e-3);
        Assert.Equal(before.IntegratedLufs!.Value - 9, after.IntegratedLufs!.Value, 1e-3);
    }

    [Fact]
    public void Rumble_and_dc_raise_the_sub_bass_energy_and_call_for_the_roles_high_pass()
    {
        var clean = Signals.Noise(32000, 3, 0.1);
        var rumble = new StemPerturbation(0, 0, RumbleDb: -6, RumbleHz: 20, DcDb: -12);
        var before = StemFeatureExtractor.Extract([clean], Rate);
        var after = StemFeatureExtractor.Extract(rumble.Apply([clean], Rate), Rate);
        Assert.True(after.SubEnergyDb > before.SubEnergyDb + 15, $"sub band {before.SubEnergyDb:0.0} → {after.SubEnergyDb:0.0} dB");
        Assert.True(rumble.HasRumble);
        Assert.Equal(RoleDefaults.For(InstrumentRole.Guitar).HighPassHz,
            MixTargets.Values(InstrumentRole.Guitar, 0, 1, MixStyles.RockPunk, rumble, -20)[StripParameterSpace.HighPass]);
        Assert.Equal(StripParameterSpace.Parameters[StripParameterSpace.HighPass].Min,
            MixTargets.Values(InstrumentRole.Guitar, 0, 1, MixStyles.RockPunk, StemPerturbation.None, -20)[StripParameterSpace.HighPass]);
    }

    [Fact]
    public void Drawn_perturbations_stay_within_their_ranges_and_sometimes_add_rumble()
    {
        var random = new Random(4);
        var drawn = Enumerable.Range(0, 2000).Select(_ => StemPerturbation.Draw(random)).ToList();
        Assert.All(drawn, p => Assert.InRange(p.LevelDb, -12, 12));
        Assert.All(drawn, p => Assert.InRange(p.TiltDb, -6, 6));
        Assert.InRange(drawn.Count(p => p.HasRumble) / 2000.0, 0.25, 0.35);
        Assert.True(drawn.Max(p => p.LevelDb) > 11 && drawn.Min(p => p.LevelDb) < -11);
    }
}

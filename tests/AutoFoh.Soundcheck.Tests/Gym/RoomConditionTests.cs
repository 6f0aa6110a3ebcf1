using AutoFoh.Lab.Gym;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Tests.Gym;

public class RoomConditionTests
{
    private static readonly Lazy<StemSet> Stems = new(() => SyntheticSong.Make(90));
    private static readonly Lazy<GymSong> Song = new(() => GymSong.Prepare(Stems.Value, "guitar"));

    [Fact]
    public void An_oracle_episode_through_a_room_brings_the_guitar_back_within_6_dB()
    {
        var environment = new RoomSoundcheckEnvironment(Song.Value, Stems.Value, new GymOptions { InitialOffsetRangeDb = 30, Steps = 8 });
        var result = GymRunner.RunEpisode(environment, new MagnitudePolicy(), 0, new Random(4), new Random(5));
        Assert.NotNull(environment.Scene);
        Assert.True(Math.Abs(result.InitialErrorDb) <= 30);
        Assert.All(result.Rewards, r => Assert.True(double.IsFinite(r) && r <= 0));
        Assert.True(result.FinalAbsDb <= 6, $"from {result.InitialErrorDb:F1} dB to {result.FinalErrorDb:F1} dB");
    }

    [Fact]
    public void Every_step_hears_five_separated_seconds_and_the_same_seed_repeats_the_episode()
    {
        var options = new RoomConditionOptions { SeparatorName = "tracking", Separator = (i, t, r, w) => SeparatorCatalog.Create("tracking", i, t, r, w) };
        var gym = new GymOptions { InitialOffsetRangeDb = 30, Steps = 2 };
        var first = new RoomSoundcheckEnvironment(Song.Value, Stems.Value, gym, options);
        var observation = first.Reset(new Random(9));
        Assert.Equal(5, observation.Count);
        Assert.All(observation, frame => Assert.Equal(3, frame.InstrumentCount));
        var a = GymRunner.RunEpisode(first, new MagnitudePolicy(), 0, new Random(9), new Random(1));
        var b = GymRunner.RunEpisode(new RoomSoundcheckEnvironment(Song.Value, Stems.Value, gym, options), new MagnitudePolicy(), 0, new Random(9), new Random(1));
        Assert.Equal(a.ErrorAfterStepDb, b.ErrorAfterStepDb);
    }
}

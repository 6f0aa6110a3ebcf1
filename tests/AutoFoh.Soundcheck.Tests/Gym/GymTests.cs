using AutoFoh.Lab.Gym;

namespace AutoFoh.Soundcheck.Tests.Gym;

public class GymTests
{
    private static readonly Lazy<GymSong> Song = new(() => GymSong.Prepare(SyntheticSong.Make(90), "guitar"));

    [Fact]
    public void The_magnitude_policy_brings_a_wrong_gain_back_within_3_dB()
    {
        var results = GymRunner.Run([Song.Value], [() => new MagnitudePolicy()], episodes: 20, seed: 3);
        var summary = PolicySummary.Of("magnitude", results);
        Assert.True(summary.Within3Db >= 0.9, $"within 3 dB: {summary.Within3Db:P0}, median final {summary.FinalAbsDbMedian:F1} dB");
    }

    [Fact]
    public void The_paper_threshold_policy_ends_within_12_dB_and_both_beat_the_baselines_on_reward()
    {
        var policies = new Func<ISoundcheckPolicy>[] { () => new ThresholdPolicy(), () => new MagnitudePolicy(), () => new RandomWalkPolicy(), () => new StayPolicy() };
        var results = GymRunner.Run([Song.Value], policies, episodes: 20, seed: 4);
        var summaries = results.GroupBy(r => r.Policy).Select(g => PolicySummary.Of(g.Key, g.ToList())).ToDictionary(s => s.Name);
        Assert.True(summaries["threshold"].Within12Db >= 0.9, $"threshold within 12 dB: {summaries["threshold"].Within12Db:P0}");
        foreach (var good in new[] { "threshold", "magnitude" })
            foreach (var baseline in new[] { "random", "stay" })
                Assert.True(summaries[good].MeanReward > summaries[baseline].MeanReward, $"{good} {summaries[good].MeanReward:F1} vs {baseline} {summaries[baseline].MeanReward:F1}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_episodes()
    {
        var a = GymRunner.Run([Song.Value], [() => new RandomWalkPolicy()], episodes: 3, seed: 9);
        var b = GymRunner.Run([Song.Value], [() => new RandomWalkPolicy()], episodes: 3, seed: 9);
        Assert.Equal(a.Select(r => r.FinalErrorDb), b.Select(r => r.FinalErrorDb));
        Assert.Equal(a.Select(r => r.InitialErrorDb), b.Select(r => r.InitialErrorDb));
    }

    [Fact]
    public void A_dqn_trained_in_the_gym_beats_staying_put_and_the_random_walk()
    {
        var dqn = DqnPolicy.Train([Song.Value], options: new DqnPolicy.TrainingOptions(Episodes: 60, Seed: 5));
        var results = GymRunner.Run([Song.Value], [() => dqn, () => new StayPolicy(), () => new RandomWalkPolicy()], episodes: 20, seed: 6);
        var reward = results.GroupBy(r => r.Policy).ToDictionary(g => g.Key, g => g.Average(r => r.TotalReward));
        Assert.True(reward["dqn"] > reward["stay"] && reward["dqn"] > reward["random"], $"dqn {reward["dqn"]:F1}, stay {reward["stay"]:F1}, random {reward["random"]:F1}");
    }

    [Fact]
    public void A_song_where_the_target_hardly_plays_is_refused_with_a_reason()
    {
        var stems = SyntheticSong.Make(20);
        // Silence the guitar for most of the song.
        Array.Clear(stems.Samples[0], 0, 15 * stems.SampleRateHz);
        var song = GymSong.Prepare(stems, "guitar");
        var error = Assert.Throws<InvalidOperationException>(() => new SoundcheckEnvironment(song));
        Assert.Contains("guitar", error.Message);
    }
}

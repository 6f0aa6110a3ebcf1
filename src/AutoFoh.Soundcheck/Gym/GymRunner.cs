namespace AutoFoh.Soundcheck.Gym;

/// <summary>Runs episodes of every policy on every song, reproducibly from a seed.</summary>
public static class GymRunner
{
    /// <summary>
    /// <paramref name="episodes"/> episodes per song and policy. Episode k of a song uses the same
    /// section and initial error for every policy (a paired comparison), drawn from <paramref name="seed"/>.
    /// </summary>
    public static List<EpisodeResult> Run(IReadOnlyList<GymSong> songs, IReadOnlyList<ISoundcheckPolicy> policies, int episodes, int seed,
        GymOptions? options = null, IProgress<double>? progress = null)
    {
        var results = new List<EpisodeResult>();
        int total = songs.Count * policies.Count * episodes, done = 0;
        for (int s = 0; s < songs.Count; s++)
        {
            var environment = new SoundcheckEnvironment(songs[s], options);
            for (int p = 0; p < policies.Count; p++)
                for (int e = 0; e < episodes; e++)
                {
                    var episodeRandom = new Random(SeedMixer.Mix(seed, s, e));
                    var policyRandom = new Random(SeedMixer.Mix(seed, s, e, p, 7));
                    results.Add(RunEpisode(environment, policies[p], e, episodeRandom, policyRandom));
                    progress?.Report(++done / (double)total);
                }
        }
        return results;
    }

    public static EpisodeResult RunEpisode(SoundcheckEnvironment environment, ISoundcheckPolicy policy, int episode, Random episodeRandom, Random policyRandom)
    {
        policy.Reset();
        var observation = environment.Reset(episodeRandom);
        double initial = environment.GainErrorDb;
        int steps = environment.Options.Steps;
        var errors = new double[steps];
        var rewards = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            double change = policy.Act(observation, policyRandom);
            (rewards[k], observation) = environment.Step(change);
            errors[k] = environment.GainErrorDb;
        }
        return new EpisodeResult(environment.Song.Name, policy.Name, episode, environment.SectionStart, initial, errors, rewards);
    }
}

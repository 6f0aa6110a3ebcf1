using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>Runs episodes of every policy on every song, reproducibly from a seed.</summary>
public static class GymRunner
{
    /// <summary>
    /// <paramref name="episodes"/> episodes per song and policy. Episode k of a song uses the same
    /// section and initial error for every policy (a paired comparison), drawn from <paramref name="seed"/>.
    /// Songs run in parallel, each with its own policy instances from <paramref name="policies"/>; every
    /// episode's randomness comes from its own seed, so results do not depend on the scheduling.
    /// </summary>
    public static List<EpisodeResult> Run(IReadOnlyList<GymSong> songs, IReadOnlyList<Func<ISoundcheckPolicy>> policies, int episodes, int seed,
        GymOptions? options = null, IProgress<double>? progress = null) =>
        Run(songs.Select(song => (Func<ISoundcheckEnvironment>)(() => new SoundcheckEnvironment(song, options))).ToArray(), policies, episodes, seed, progress);

    /// <summary>The same, for any condition: one environment per song, made by <paramref name="environments"/>.</summary>
    public static List<EpisodeResult> Run(IReadOnlyList<Func<ISoundcheckEnvironment>> environments, IReadOnlyList<Func<ISoundcheckPolicy>> policies,
        int episodes, int seed, IProgress<double>? progress = null)
    {
        var songs = environments;
        var perSong = new List<EpisodeResult>[songs.Count];
        int total = songs.Count * policies.Count * episodes, done = 0;
        Parallel.For(0, songs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            var results = new List<EpisodeResult>();
            var environment = songs[s]();
            for (int p = 0; p < policies.Count; p++)
            {
                var policy = policies[p]();
                for (int e = 0; e < episodes; e++)
                {
                    var episodeRandom = new Random(SeedMixer.Mix(seed, s, e));
                    var policyRandom = new Random(SeedMixer.Mix(seed, s, e, p, 7));
                    results.Add(RunEpisode(environment, policy, e, episodeRandom, policyRandom));
                    progress?.Report(Interlocked.Increment(ref done) / (double)total);
                }
            }
            perSong[s] = results;
        });
        return perSong.SelectMany(r => r).ToList();
    }

    public static EpisodeResult RunEpisode(ISoundcheckEnvironment environment, ISoundcheckPolicy policy, int episode, Random episodeRandom, Random policyRandom)
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
        return new EpisodeResult(environment.SongName, policy.Name, episode, environment.SectionStart, initial, errors, rewards) { Flag = environment.EpisodeFlag };
    }
}

using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>One gym episode: the gain error before, after each step, and the rewards.</summary>
public sealed record EpisodeResult(string Song, string Policy, int Episode, int SectionStartSeconds, double InitialErrorDb,
    double[] ErrorAfterStepDb, double[] Rewards)
{
    public double FinalErrorDb => ErrorAfterStepDb.Length == 0 ? InitialErrorDb : ErrorAfterStepDb[^1];
    public double FinalAbsDb => Math.Abs(FinalErrorDb);
    public double TotalReward => Rewards.Sum();

    /// <summary>What the condition reported about the episode (the room coach: "trackable" or "flagged"), if anything.</summary>
    public string? Flag { get; init; }

    /// <summary>Steps until the error is first within ±3 dB (0 when it starts there), or null when it never is.</summary>
    public int? StepsToWithin(double toleranceDb)
    {
        if (Math.Abs(InitialErrorDb) <= toleranceDb) return 0;
        for (int k = 0; k < ErrorAfterStepDb.Length; k++)
            if (Math.Abs(ErrorAfterStepDb[k]) <= toleranceDb) return k + 1;
        return null;
    }
}

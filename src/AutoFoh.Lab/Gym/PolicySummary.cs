using AutoFoh.Dsp.Statistics;

namespace AutoFoh.Lab.Gym;

/// <summary>The gym's figures for one policy (the fields of `autofoh gym --json`).</summary>
public sealed record PolicySummary(string Name, int Episodes, double MeanReward, double FinalAbsDbMedian, double FinalAbsDbP90,
    double Within3Db, double Within12Db, double? MedianStepsToWithin3Db)
{
    /// <summary>Share of episodes ending within ±6 dB.</summary>
    public double Within6Db { get; init; }

    /// <summary>Share of episodes the coach's self-test flagged (null when the condition has no self-test).</summary>
    public double? Flagged { get; init; }

    /// <summary>Share within ±3 dB among the episodes whose target the self-test called trackable (null without a self-test).</summary>
    public double? Within3DbWhenTrackable { get; init; }

    public static PolicySummary Of(string name, IReadOnlyList<EpisodeResult> episodes)
    {
        if (episodes.Count == 0) throw new ArgumentException($"policy {name}: no episodes");
        var finals = episodes.Select(e => e.FinalAbsDb).Order().ToList();
        // Episodes that never get within 3 dB count as infinitely slow, so the median is honest.
        var steps = episodes.Select(e => e.StepsToWithin(3) is int s ? (double)s : double.PositiveInfinity).Order().ToList();
        double medianSteps = Percentile.OfSorted(steps, 0.5);
        return new PolicySummary(name, episodes.Count,
            MeanReward: episodes.Average(e => e.TotalReward),
            FinalAbsDbMedian: Percentile.OfSorted(finals, 0.5),
            FinalAbsDbP90: Percentile.OfSorted(finals, 0.9),
            Within3Db: episodes.Count(e => e.FinalAbsDb <= 3) / (double)episodes.Count,
            Within12Db: episodes.Count(e => e.FinalAbsDb <= 12) / (double)episodes.Count,
            MedianStepsToWithin3Db: double.IsFinite(medianSteps) ? medianSteps : null)
        {
            Within6Db = episodes.Count(e => e.FinalAbsDb <= 6) / (double)episodes.Count,
            Flagged = episodes.Any(e => e.Flag is not null) ? episodes.Count(e => e.Flag == "flagged") / (double)episodes.Count : null,
            Within3DbWhenTrackable = episodes.Any(e => e.Flag == "trackable")
                ? episodes.Count(e => e.Flag == "trackable" && e.FinalAbsDb <= 3) / (double)episodes.Count(e => e.Flag == "trackable") : null,
        };
    }
}

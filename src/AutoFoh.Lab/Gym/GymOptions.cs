using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>Gym settings; the defaults follow seed 000, section 7.1.</summary>
public sealed record GymOptions
{
    /// <summary>Length of the song section an episode plays (the paper: 60 s).</summary>
    public int SectionSeconds { get; init; } = 60;

    /// <summary>
    /// An episode's section must have the target playing in at least this share of its seconds: no policy
    /// can correct an instrument that is silent, so sections where it mostly rests are not drawn.
    /// </summary>
    public double MinimumPlayingFraction { get; init; } = 0.75;

    /// <summary>The initial gain error of the target is drawn uniformly in ±this (the paper: 60 dB).</summary>
    public double InitialOffsetRangeDb { get; init; } = 60;

    /// <summary>Steps per episode.</summary>
    public int Steps { get; init; } = 30;

    /// <summary>Seconds heard per step (the paper recorded 5 s per recommendation).</summary>
    public int SecondsPerStep { get; init; } = 5;

    /// <summary>Gain change of the paper's fixed actions.</summary>
    public double FixedStepDb { get; init; } = 3;

    /// <summary>The target's gain error is kept within ±this (an amplifier cannot go further).</summary>
    public double GainLimitDb { get; init; } = 90;
}

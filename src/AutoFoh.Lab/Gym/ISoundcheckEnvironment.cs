using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>A gym condition: what a policy hears of one song, and how its gain changes play out.</summary>
public interface ISoundcheckEnvironment
{
    GymOptions Options { get; }
    string SongName { get; }

    /// <summary>The target's current gain error in dB (hidden from policies).</summary>
    double GainErrorDb { get; }

    int SectionStart { get; }

    /// <summary>Anything the condition reports about the episode (the room coach: "trackable" or "flagged").</summary>
    string? EpisodeFlag => null;

    /// <summary>Starts an episode; returns the first observation.</summary>
    IReadOnlyList<ObservedFrame> Reset(Random random);

    /// <summary>Applies a gain change (dB) to the target; returns the reward and the next observation.</summary>
    (double Reward, IReadOnlyList<ObservedFrame> Observation) Step(double changeDb);
}

using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>A soundcheck policy: from what it hears, the gain change (dB) it asks of the target's musician.</summary>
public interface ISoundcheckPolicy
{
    string Name { get; }

    /// <summary>Called at the start of every episode.</summary>
    void Reset();

    double Act(IReadOnlyList<ObservedFrame> observation, Random random);
}

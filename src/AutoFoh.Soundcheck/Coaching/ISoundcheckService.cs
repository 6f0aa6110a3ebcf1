using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Soundcheck.Coaching;

/// <summary>
/// Where every room soundcheck gets its coach: the CLI, the web app (through <see cref="SoundcheckService.Start"/>)
/// and the gym's room condition (which hears the band through the coach and lets its policies judge). A
/// test can stand in for it to see that a caller asks it.
/// </summary>
public interface ISoundcheckService
{
    /// <summary>The reference a soundcheck uses when it is built while the band waits (the web app, the gym).</summary>
    ReferenceModel BuildReference(StemSet stems);

    /// <summary>The coach of one line check: placed in the reference, self-tested, with its first advice from the solo takes.</summary>
    LiveCoach Coach(ReferenceModel reference, LineCheckTakes lineCheck, CoachOptions? options = null);
}

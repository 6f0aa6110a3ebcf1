using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck;

namespace AutoFoh.Lab.Gym;

/// <summary>Seed 000's hand-made policy: mean column sum over the seconds heard; ±3 → a fixed 3 dB step.</summary>
public sealed class ThresholdPolicy(double stepDb = 3, float threshold = ThresholdPolicyRule.DefaultThreshold) : ISoundcheckPolicy
{
    public string Name => "threshold";

    public void Reset() { }

    public double Act(IReadOnlyList<ObservedFrame> observation, Random random)
    {
        float sum = 0;
        var shares = new float[observation[0].Ideal.Length];
        foreach (var frame in observation)
        {
            frame.Shares(0, shares);
            sum += MixState.ColumnSum(shares, frame.Ideal, frame.InstrumentCount, frame.Target);
        }
        return ThresholdPolicyRule.Decide(sum / observation.Count, threshold) switch
        {
            AdviceAction.Up => stepDb,
            AdviceAction.Down => -stepDb,
            _ => 0,
        };
    }
}

/// <summary>
/// The magnitude policy: estimates the gain offset that best matches the ideal (coarse to fine over
/// ±60 dB) and asks for all of it. It remembers everything it heard in the episode, lined up by its own
/// earlier requests, so each estimate rests on more seconds than the last: the reference's ideal is a
/// mean over who plays, so a few seconds of a quiet intro can point the wrong way, and a whole section
/// does not (on the real songs, 30 s of memory ended within 3 dB in 86% of episodes, the whole
/// episode in 99%).
/// </summary>
public sealed class MagnitudePolicy(int memorySeconds = 150, double deadbandDb = 0.5) : ISoundcheckPolicy
{
    private readonly List<ObservedFrame> _heard = [];
    private GainOffsetEstimator? _estimator;

    public string Name => "magnitude";

    public void Reset() => _heard.Clear();

    public double Act(IReadOnlyList<ObservedFrame> observation, Random random)
    {
        _estimator ??= new GainOffsetEstimator(observation[0].InstrumentCount);
        _heard.AddRange(observation);
        if (_heard.Count > memorySeconds) _heard.RemoveRange(0, _heard.Count - memorySeconds);
        double offset = _estimator.Estimate(_heard);
        if (Math.Abs(offset) < deadbandDb) offset = 0;
        // Everything heard so far is now `offset` louder or softer.
        for (int k = 0; k < _heard.Count; k++) _heard[k] = _heard[k].Shifted(offset);
        return offset;
    }
}

/// <summary>Baseline: a random walk over {up, down, stay} in fixed steps.</summary>
public sealed class RandomWalkPolicy(double stepDb = 3) : ISoundcheckPolicy
{
    public string Name => "random";
    public void Reset() { }
    public double Act(IReadOnlyList<ObservedFrame> observation, Random random) => (random.Next(3) - 1) * stepDb;
}

/// <summary>Baseline: never moves.</summary>
public sealed class StayPolicy : ISoundcheckPolicy
{
    public string Name => "stay";
    public void Reset() { }
    public double Act(IReadOnlyList<ObservedFrame> observation, Random random) => 0;
}

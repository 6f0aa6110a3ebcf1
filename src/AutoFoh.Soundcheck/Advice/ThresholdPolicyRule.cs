namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// Seed 000's hand-made policy (section 7): sum the instrument's column of the state over the bands;
/// above +3 turn down, below −3 turn up, otherwise stay. The paper found ±4 and ±5 worked similarly.
/// </summary>
public static class ThresholdPolicyRule
{
    public const float DefaultThreshold = 3f;

    public static AdviceAction Decide(float columnSum, float threshold = DefaultThreshold) =>
        columnSum > threshold ? AdviceAction.Down : columnSum < -threshold ? AdviceAction.Up : AdviceAction.Stay;
}

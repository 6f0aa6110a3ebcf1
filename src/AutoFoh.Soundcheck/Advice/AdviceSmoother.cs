namespace AutoFoh.Soundcheck.Advice;

/// <summary>
/// Keeps advice from flickering: the decision uses the mean column sum of the last few seconds, and a
/// change of advice needs the mean to cross the threshold (hysteresis: once "down", it stays "down"
/// until the mean falls below <c>release</c> × threshold). Fixed capacity; no allocation per second.
/// </summary>
public sealed class AdviceSmoother
{
    private readonly float[] _history;
    private int _count, _next;
    private AdviceAction _current = AdviceAction.Stay;

    public AdviceSmoother(int seconds = 3, float threshold = ThresholdPolicyRule.DefaultThreshold, float release = 0.5f)
    {
        if (seconds < 1) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "smoothing needs at least one second");
        _history = new float[seconds];
        Threshold = threshold;
        Release = release;
    }

    public float Threshold { get; }
    public float Release { get; }
    public float MeanColumnSum { get; private set; }

    public AdviceAction Add(float columnSum)
    {
        _history[_next] = columnSum;
        _next = (_next + 1) % _history.Length;
        _count = Math.Min(_count + 1, _history.Length);
        float sum = 0;
        for (int k = 0; k < _count; k++) sum += _history[k];
        MeanColumnSum = sum / _count;
        float hold = Threshold * Release;
        _current = _current switch
        {
            AdviceAction.Down when MeanColumnSum > hold => AdviceAction.Down,
            AdviceAction.Up when MeanColumnSum < -hold => AdviceAction.Up,
            _ => ThresholdPolicyRule.Decide(MeanColumnSum, Threshold),
        };
        return _current;
    }

    public void Reset()
    {
        _count = _next = 0;
        _current = AdviceAction.Stay;
    }
}

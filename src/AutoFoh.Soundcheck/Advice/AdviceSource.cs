namespace AutoFoh.Soundcheck.Advice;

/// <summary>From what the coach judged an instrument. On the wire (JSON lines, web messages): "solo", "live".</summary>
public enum AdviceSource
{
    /// <summary>The line check or a recheck: the instrument alone.</summary>
    Solo,

    /// <summary>The band through the room.</summary>
    Live,
}

namespace AutoFoh.Soundcheck.Advice;

/// <summary>How sure the coach is of an instrument's advice. On the wire: "ok", "recheck", "not_heard".</summary>
public enum AdviceFlag
{
    /// <summary>Judged as usual.</summary>
    Ok,

    /// <summary>The self-test could not follow the instrument in the band: it is judged from solo takes (play alone for 5 s).</summary>
    Recheck,

    /// <summary>The line check proved the instrument audible; the room no longer hears it.</summary>
    NotHeard,
}

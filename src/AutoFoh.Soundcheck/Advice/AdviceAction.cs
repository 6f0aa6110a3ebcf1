using System.Text.Json;

namespace AutoFoh.Soundcheck.Advice;

/// <summary>What a musician is told (seed 000, section 7: turn up, turn down, stay).</summary>
public enum AdviceAction
{
    Stay,
    Up,
    Down,
}

public static class AdviceActionNames
{
    /// <summary>The word used in JSON and on screens: up, down, stay.</summary>
    public static string Word(this AdviceAction action) => action switch
    {
        AdviceAction.Up => "up",
        AdviceAction.Down => "down",
        _ => "stay",
    };

    /// <summary>The word used in JSON and on screens: solo, live.</summary>
    public static string Word(this AdviceSource source) => JsonNamingPolicy.SnakeCaseLower.ConvertName(source.ToString());

    /// <summary>The word used in JSON and on screens: ok, recheck, not_heard.</summary>
    public static string Word(this AdviceFlag flag) => JsonNamingPolicy.SnakeCaseLower.ConvertName(flag.ToString());
}

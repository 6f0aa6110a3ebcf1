using AutoFoh.Mastering.Styles;

namespace AutoFoh.Web.Tests;

/// <summary>One C# message record and the TypeScript interface (in web/src/<paramref name="File"/>) that reads it.</summary>
public sealed record MessageContract(Type Record, string Interface, string File)
{
    public override string ToString() => $"{Record.Name} ~ {File}:{Interface}";
}

/// <summary>
/// Every message the server sends a page, paired with the TypeScript interface that declares it. Add a pair when a
/// message (or a record nested in one) is added: <see cref="WebContractTests"/> fails for a record reachable from a
/// registered one that is not registered itself.
/// </summary>
public static class MessageContracts
{
    public static readonly MessageContract[] All =
    [
        // The soundcheck pages (the engineer's screen, the musician's arrow, the line check).
        new(typeof(AdviceMessage), "AdviceMessage", "common.ts"),
        new(typeof(AdviceItem), "AdviceItem", "common.ts"),
        new(typeof(AdviceBalance), "AdviceBalance", "common.ts"),
        new(typeof(SoundcheckStateMessage), "StateMessage", "common.ts"),

        // The live page.
        new(typeof(LiveStateMessage), "LiveState", "live.ts"),
        new(typeof(LiveHistory), "LiveHistory", "live.ts"),
        new(typeof(LiveUpdateMessage), "LiveUpdate", "live.ts"),
        new(typeof(LiveChannelUpdate), "ChannelUpdate", "live.ts"),
        new(typeof(LiveNotch), "LiveNotch", "live.ts"),
        new(typeof(LiveEvent), "LiveEvent", "live.ts"),

        // The mix page.
        new(typeof(MixStatusMessage), "MixStatus", "mix.ts"),
        new(typeof(MixFigure), "Figure", "mix.ts"),
        new(typeof(MixFiles), "MixFiles", "mix.ts"),
        new(typeof(MixStylesMessage), "Styles", "mix.ts"),
        new(typeof(MixStyle), "Style", "mix.ts"),
        new(typeof(StyleTolerance), "StyleTolerance", "mix.ts"),
        new(typeof(FrequencyBalance), "FrequencyBalance", "mix.ts"),
    ];
}

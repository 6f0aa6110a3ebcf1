namespace AutoFoh.Mastering.Prediction;

/// <summary>The styles the predictor is conditioned on (seed 004's three), as a one-hot input.</summary>
public static class MixStyles
{
    public const string RockPunk = "rock_punk";
    public const string RnbBallad = "rnb_ballad";
    public const string CountryPop = "country_pop";

    public static readonly string[] Names = [RockPunk, RnbBallad, CountryPop];

    public static int IndexOf(string style)
    {
        int index = Array.IndexOf(Names, style);
        if (index < 0) throw new ArgumentException($"style '{style}' is unknown to the mix predictor (styles: {string.Join(", ", Names)})", nameof(style));
        return index;
    }

    /// <summary>
    /// The mix style a rendered song is trained with: rock, metal and punk are rock_punk; ballad and funk
    /// rnb_ballad; pop country_pop (AutoFoh.Simulation's SongStyle names).
    /// </summary>
    public static string ForSongStyle(string songStyle) => songStyle switch
    {
        "rock" or "metal" or "punk" => RockPunk,
        "ballad" or "funk" => RnbBallad,
        "pop" => CountryPop,
        _ when Names.Contains(songStyle) => songStyle,
        _ => throw new ArgumentException($"song style '{songStyle}' has no mix style (known: rock, metal, punk, ballad, funk, pop, {string.Join(", ", Names)})", nameof(songStyle)),
    };
}

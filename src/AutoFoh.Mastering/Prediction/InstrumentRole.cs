namespace AutoFoh.Mastering.Prediction;

/// <summary>What a stem is, as far as the predictor's defaults go; read from the stem's file name.</summary>
public enum InstrumentRole { Drums, Bass, Guitar, Keys, Vocals, Other }

public static class InstrumentRoles
{
    public static readonly InstrumentRole[] All = Enum.GetValues<InstrumentRole>();

    // Checked in order: "bass drum" is drums, "bass guitar" is bass, so drum words come first and
    // "bass" before "guitar".
    private static readonly (InstrumentRole Role, string[] Words)[] Words =
    [
        (InstrumentRole.Drums, ["drum", "kick", "snare", "hihat", "overhead", "cymbal", "perc"]),
        (InstrumentRole.Bass, ["bass"]),
        (InstrumentRole.Guitar, ["guitar", "gtr"]),
        (InstrumentRole.Keys, ["key", "piano", "organ", "synth", "rhodes"]),
        (InstrumentRole.Vocals, ["vocal", "vox", "voice", "sing", "choir"]),
    ];

    /// <summary>
    /// The role of a stem from its name (a path or a bare name; the extension is ignored): the rendered songs'
    /// drums, bass, guitar, guitar2, keys, vocals map to their roles; the real songs' "song" (the rest of
    /// the band) and anything unrecognised is <see cref="InstrumentRole.Other"/>.
    /// </summary>
    public static InstrumentRole FromStemName(string stemName)
    {
        ArgumentNullException.ThrowIfNull(stemName);
        string name = Path.GetFileNameWithoutExtension(stemName).ToLowerInvariant();
        foreach (var (role, words) in Words)
            if (words.Any(name.Contains)) return role;
        return InstrumentRole.Other;
    }
}

namespace AutoFoh.Simulation.Songs;

/// <summary>How a style plays: tempo range, General MIDI programs, groove and harmony.</summary>
public sealed record SongStyle(
    string Name,
    int MinTempoBpm,
    int MaxTempoBpm,
    int GuitarProgram,
    int BassProgram,
    int KeysProgram,
    int VocalsProgram,
    string Groove,        // rock, punk, halftime, funk, four
    string GuitarPart,    // power, arpeggio, chop
    bool Minor)
{
    // GM programs, 0-based: 0 piano, 4 e-piano, 16 drawbar organ, 18 rock organ, 26 jazz guitar,
    // 27 clean guitar, 29 overdrive, 30 distortion, 33 finger bass, 34 pick bass, 38 synth bass,
    // 48 strings, 52 choir aahs, 53 voice oohs, 65 alto sax, 81 sawtooth lead, 89 warm pad.
    public static readonly SongStyle[] All =
    [
        new("rock", 100, 140, 29, 34, 18, 53, "rock", "power", false),
        new("metal", 130, 180, 30, 34, 48, 52, "rock", "power", true),
        new("punk", 160, 200, 30, 34, 16, 53, "punk", "power", false),
        new("ballad", 60, 80, 27, 33, 0, 53, "halftime", "arpeggio", false),
        new("pop", 96, 124, 27, 38, 4, 53, "four", "arpeggio", false),
        new("funk", 92, 112, 26, 33, 4, 65, "funk", "chop", true),
    ];

    public static SongStyle Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"style '{name}' is unknown (styles: {string.Join(", ", All.Select(s => s.Name))})");
}

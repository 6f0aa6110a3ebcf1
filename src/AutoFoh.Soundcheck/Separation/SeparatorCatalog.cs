namespace AutoFoh.Soundcheck.Separation;

/// <summary>
/// The separation methods by name, as the CLI and docs/results.md call them. "oracle" is not here: it
/// needs the true room-rendered stems, which only the gym has.
/// </summary>
public static class SeparatorCatalog
{
    public static readonly string[] Names = ["nmf", "exemplar", "ltas", "tracking"];

    public static string Describe(string name) => name switch
    {
        "nmf" => "line-check KL-NMF, 24 learned atoms per instrument and 4 free ones, soft masks (the baseline)",
        "exemplar" => "line-check KL-NMF with 64 exemplar frames per instrument as atoms, soft masks",
        "ltas" => "one atom per instrument (its take's average spectrum), soft masks",
        "tracking" => "level tracking: each instrument's change from its line check fitted to the live spectrum's shape, clean take spectra at that level",
        _ => throw new ArgumentException($"unknown separator '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>Makes separator <paramref name="name"/> from line-check takes (instrument order as given).</summary>
    public static ISpectralSeparator Create(string name, IReadOnlyList<string> instruments, IReadOnlyList<float[]> takes, int sampleRateHz, int analysisWindowSamples) => name switch
    {
        "nmf" => new LineCheckSeparator(instruments, takes, sampleRateHz, analysisWindowSamples, new LineCheckSeparationOptions()),
        "exemplar" => new LineCheckSeparator(instruments, takes, sampleRateHz, analysisWindowSamples,
            new LineCheckSeparationOptions { Dictionary = DictionaryKind.Exemplar, AtomsPerInstrument = 64 }),
        "ltas" => new LineCheckSeparator(instruments, takes, sampleRateHz, analysisWindowSamples,
            new LineCheckSeparationOptions { AtomsPerInstrument = 1, FreeAtoms = 0 }),
        "tracking" => new LevelTrackingSeparator(instruments, takes, sampleRateHz, analysisWindowSamples),
        _ => throw new ArgumentException($"unknown separator '{name}' (known: {string.Join(", ", Names)})"),
    };
}

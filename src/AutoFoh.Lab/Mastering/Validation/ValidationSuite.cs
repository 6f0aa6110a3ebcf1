using AutoFoh.Audio;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Lab.Mastering.Validation;

/// <summary>One mix of the validation suite: which stems, which style, what the written file measured.</summary>
public sealed record ValidationCase(string Case, string Style, MixMeasurement Measured, MixMeasurement Target, bool Passed, int SolverPasses, double Seconds, string Output);

/// <summary>
/// Seed 004's validation suite, run through the real <c>mix</c> path (files in, file out, measured from disk):
/// white-noise stems, bass-heavy, bright, quiet and loud (clipped) stems, and instrument-like stems, each mixed
/// to every style (the cross-style check); plus any stems folders given (rendered multitracks, the real songs).
/// </summary>
public static class ValidationSuite
{
    public static readonly TestStemKind[] SeedCases = [TestStemKind.WhiteNoise, TestStemKind.BassHeavy, TestStemKind.Bright, TestStemKind.Quiet, TestStemKind.Loud, TestStemKind.Band];

    /// <summary>The case's name in reports: the kind in snake_case (white_noise, bass_heavy, ...).</summary>
    public static string CaseName(TestStemKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static IReadOnlyList<ValidationCase> Run(StyleTargets targets, IReadOnlyList<string> styles, string predictorPath, double seconds,
        IReadOnlyList<string> songFolders, bool seedCases, string workFolder, Action<string, double>? progress = null, string? keepFolder = null)
    {
        const int Rate = 44100, StemCount = 4;
        var inputs = new List<(string Case, IReadOnlyList<string> Paths)>();
        if (seedCases)
            foreach (var kind in SeedCases)
            {
                string caseName = CaseName(kind);
                string folder = Path.Combine(workFolder, caseName);
                var stems = TestStems.Generate(kind, kind == TestStemKind.Band ? 6 : StemCount, seconds, Rate, seed: 1);
                inputs.Add((caseName, TestStems.Write(folder, stems, Rate)));
            }
        foreach (var folder in songFolders)
        {
            var files = AudioFile.InFolder(folder);
            if (files.Length == 0) throw new ArgumentException($"{folder}: no audio files (a stems folder holds one audio file per instrument)");
            inputs.Add((Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), files));
        }
        var results = new List<ValidationCase>();
        int total = inputs.Count * styles.Count, done = 0;
        foreach (var (name, paths) in inputs)
            foreach (var styleName in styles)
            {
                var style = targets[styleName];
                string output = Path.Combine(keepFolder ?? workFolder, $"{name}.{styleName}.wav");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var outcome = AutoMixer.Run(new MixRequest(paths, style, output, predictorPath));
                results.Add(new ValidationCase(name, styleName, outcome.Written, AutoMixer.Target(style), outcome.WithinTolerance, outcome.Solver.Passes.Count, clock.Elapsed.TotalSeconds, output));
                if (keepFolder is null) File.Delete(output);
                progress?.Invoke($"{name} / {styleName}", ++done / (double)total);
            }
        return results;
    }
}

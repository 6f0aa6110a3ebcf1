using System.CommandLine;
using System.Globalization;
using AutoFoh.Cli.Output;
using AutoFoh.Lab.Mastering.Validation;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Styles;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh mix`: stems to a mastered mix that meets a style's targets (through <see cref="MixService"/>, as the web
/// page's mixes), with every parameter exported so a person can take over. `autofoh validate`: seed 004's validation
/// suite through the same mixer.
/// </summary>
public static class MixCommand
{
    public static Command Create()
    {
        var stems = new Option<string[]>("--stems") { Description = "Stem files (one instrument each; mono or stereo; any rate)", AllowMultipleArgumentsPerToken = true };
        var testStems = new Option<int?>("--test-stems") { Description = "Generate N instrument-like stems instead (written beside the output, in OUT-stems/)" };
        var seconds = new Option<double>("--seconds") { Description = "Length of generated test stems", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed of generated test stems", DefaultValueFactory = _ => 1 };
        var style = new Option<string>("--style") { Description = "Style whose targets the mix must meet (configs/style_targets.yaml)", Required = true };
        var output = new Option<string>("--output") { Description = "The mastered mix (WAV, 24-bit)", Required = true };
        var targets = Targets();
        var validate = new Option<bool>("--validate") { Description = "Measure the written file against the style and exit 2 if it misses" };
        var export = new Option<string?>("--export") { Description = "Write every parameter to PARAMS.json, and a REAPER project (PARAMS.RPP) beside it" };
        var json = new Option<bool>("--json") { Description = "Print the written file's figures beside the style's targets as JSON" };
        var model = Model();
        var command = new Command("mix", "Mix and master stems to a style's targets: loudness, spectral centroid, stereo width, true peak")
        {
            stems, testStems, seconds, seed, style, output, targets, validate, export, json, model,
        };
        command.SetAction(parse =>
        {
            var styles = LoadTargets(parse.GetValue(targets));
            var target = styles[parse.GetValue(style)!];
            string outputPath = parse.GetValue(output)!;
            var paths = StemPaths(parse.GetValue(stems), parse.GetValue(testStems), parse.GetValue(seconds), parse.GetValue(seed), outputPath);
            string? exportPath = parse.GetValue(export);
            if (exportPath is not null && !exportPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"--export {exportPath}: the parameter file must end in .json (the REAPER project goes beside it as .RPP)");
            // Bad stems and a missing model are refused before the progress bar starts, so the refusal is the only line.
            _ = MixStems.Open(paths);
            if (!File.Exists(parse.GetValue(model))) throw new CliException($"{parse.GetValue(model)}: mix predictor not found (it ships in models/; see models/README.md)");
            var outcome = StderrConsole.WithStatusProgress("mixing", (report) =>
                MixService.Run(new MixRequest(paths, target, outputPath, parse.GetValue(model)!), exportPath is null ? null : MixExport.Beside(exportPath),
                    (stage, fraction) => report(fraction, stage)));
            foreach (var warning in outcome.Warnings) Console.Error.WriteLine($"warning: {warning}");
            if (parse.GetValue(json)) Json.Write(Report(outcome, target));
            else PrintCompliance(outcome, target, outputPath);
            if (parse.GetValue(validate) && !outcome.WithinTolerance)
            {
                Console.Error.WriteLine($"validate: {outputPath} misses the {target.Name} targets: {Misses(outcome.Compliance, target)}");
                return ExitCodes.OutOfTolerance;
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateValidate()
    {
        var json = new Option<bool>("--json") { Description = "Print {\"cases\": [...]} as JSON" };
        var seconds = new Option<double>("--seconds") { Description = "Length of the generated stems", DefaultValueFactory = _ => 20 };
        var songs = new Option<string[]>("--songs") { Description = "Stems folders to mix too (rendered multitracks, the real songs)", AllowMultipleArgumentsPerToken = true };
        var noSeed = new Option<bool>("--songs-only") { Description = "Leave out the generated cases (white noise, bass-heavy, bright, quiet, loud, band)" };
        var keep = new Option<string?>("--keep") { Description = "Keep the mixes in this folder (NAME.STYLE.wav) instead of deleting them" };
        var styleList = new Option<string?>("--styles") { Description = "Comma-separated styles (default: every style in the targets file)" };
        var targets = Targets();
        var model = Model();
        var command = new Command("validate", "Seed 004's validation suite: white noise, bass-heavy, bright, quiet, loud and band stems mixed to every style, measured from the written files")
        {
            json, seconds, songs, noSeed, styleList, targets, model, keep,
        };
        command.SetAction(parse =>
        {
            var styles = LoadTargets(parse.GetValue(targets));
            var names = parse.GetValue(styleList) is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : styles.Names.ToArray();
            foreach (var name in names) _ = styles[name];
            var folders = parse.GetValue(songs) ?? [];
            foreach (var folder in folders) if (!Directory.Exists(folder)) throw new CliException($"--songs {folder}: folder not found");
            string work = Path.Combine(Path.GetTempPath(), $"autofoh-validate-{Environment.ProcessId}");
            string? keepFolder = parse.GetValue(keep);
            if (keepFolder is not null) Directory.CreateDirectory(keepFolder);
            IReadOnlyList<ValidationCase> cases;
            try
            {
                cases = StderrConsole.WithStatusProgress("validating", report =>
                    ValidationSuite.Run(styles, names, parse.GetValue(model)!, parse.GetValue(seconds), folders, !parse.GetValue(noSeed), work, (stage, f) => report(f, stage), keepFolder));
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            if (parse.GetValue(json)) Json.Write(new { cases = cases.Select(c => new CaseReport(c, keepFolder is not null)).ToList(), passed = cases.Count(c => c.Passed), failed = cases.Count(c => !c.Passed) });
            else PrintCases(cases);
            return cases.All(c => c.Passed) ? ExitCodes.Ok : ExitCodes.OutOfTolerance;
        });
        return command;
    }

    private static Option<string?> Targets() => new("--targets") { Description = "A style targets YAML of your own (default: configs/style_targets.yaml)" };

    private static Option<string> Model() => new("--model")
    {
        Description = "The mix predictor",
        DefaultValueFactory = _ => Path.Combine(DemoCommand.RepositoryRoot(), "models", "mix-predictor.safetensors"),
    };

    private static StyleTargets LoadTargets(string? path) =>
        path is null ? StyleTargets.Load(Path.Combine(DemoCommand.RepositoryRoot(), "configs", "style_targets.yaml")) : StyleTargets.Load(path);

    private static IReadOnlyList<string> StemPaths(string[]? stems, int? testStems, double seconds, int seed, string outputPath)
    {
        bool given = stems is { Length: > 0 };
        if (given == testStems.HasValue) throw new CliException("give either --stems FILE... or --test-stems N");
        if (given) return stems!;
        int count = testStems!.Value;
        if (count < 1 || count > TestStems.BandNames.Length * 8) throw new CliException($"--test-stems {count}: between 1 and {TestStems.BandNames.Length * 8}");
        if (!(seconds >= 1 && seconds <= 600)) throw new CliException($"--seconds {seconds}: between 1 and 600");
        string folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, Path.GetFileNameWithoutExtension(outputPath) + "-stems");
        const int Rate = 44100;
        return TestStems.Write(folder, TestStems.Generate(TestStemKind.Band, count, seconds, Rate, seed), Rate);
    }

    private sealed record Figures(double IntegratedLufs, double SpectralCentroidHz, double MsRatio, double TruePeakDbtp, double LowShare, double MidShare, double HighShare);

    private sealed record StripReport(string Name, double GainDb, double Pan, double HighPassHz, double ReverbSendDb);

    private sealed record MixReport(string Style, string Output, double IntegratedLufs, double SpectralCentroidHz, double MsRatio, double TruePeakDbtp,
        double LowShare, double MidShare, double HighShare, Figures Target, bool WithinTolerance, int SolverPasses, IReadOnlyList<StripReport> Stems,
        IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, double> StageSeconds);

    private static MixReport Report(MixOutcome outcome, StyleTarget target)
    {
        var w = outcome.Written;
        var t = AutoMixer.Target(target);
        return new MixReport(target.Name, outcome.Parameters.Output, w.IntegratedLufs, w.SpectralCentroidHz, w.MsRatio, w.TruePeakDbtp, w.LowShare, w.MidShare, w.HighShare,
            new Figures(t.IntegratedLufs, t.SpectralCentroidHz, t.MsRatio, t.TruePeakDbtp, t.LowShare, t.MidShare, t.HighShare),
            outcome.WithinTolerance, outcome.Solver.Passes.Count,
            outcome.Parameters.Stems.Select(s => new StripReport(s.Name, s.Strip.GainDb, s.Strip.Pan, s.Strip.HighPassHz, s.Strip.ReverbSendDb)).ToList(),
            outcome.Warnings, outcome.StageSeconds);
    }

    private sealed record CaseReport(string Case, string Style, double IntegratedLufs, double SpectralCentroidHz, double MsRatio, double TruePeakDbtp,
        double TargetLufs, double TargetCentroidHz, double TargetMsRatio, double TargetTruePeakDbtp, bool Passed, int SolverPasses, double Seconds, string? Output)
    {
        public CaseReport(ValidationCase c, bool kept) : this(c.Case, c.Style, c.Measured.IntegratedLufs, c.Measured.SpectralCentroidHz, c.Measured.MsRatio, c.Measured.TruePeakDbtp,
            c.Target.IntegratedLufs, c.Target.SpectralCentroidHz, c.Target.MsRatio, c.Target.TruePeakDbtp, c.Passed, c.SolverPasses, c.Seconds, kept ? c.Output : null) { }
    }

    /// <summary>The figures that miss (by <see cref="StyleCompliance"/>), in words.</summary>
    internal static string Misses(IReadOnlyList<FigureCompliance> figures, StyleTarget t)
    {
        var inv = CultureInfo.InvariantCulture;
        var misses = new List<string>();
        foreach (var f in figures.Where(f => !f.Ok))
            misses.Add(f.Figure switch
            {
                "integrated_lufs" => string.Create(inv, $"loudness {f.Measured:0.00} LUFS vs {t.IntegratedLufs:0.0} (±{t.Tolerance.IntegratedLu})"),
                "spectral_centroid_hz" => string.Create(inv, $"centroid {f.Measured:0} Hz vs {t.SpectralCentroidHz:0} (±{t.Tolerance.CentroidFraction:P0})"),
                "ms_ratio" => string.Create(inv, $"ms_ratio {f.Measured:0.000} vs {t.MsRatio:0.00} (±{t.Tolerance.MsRatio})"),
                _ => string.Create(inv, $"true peak {f.Measured:0.00} dBTP over {t.TruePeakDbtp:0.0}"),
            });
        return misses.Count == 0 ? "nothing" : string.Join("; ", misses);
    }

    private static void PrintCompliance(MixOutcome outcome, StyleTarget t, string output)
    {
        var m = outcome.Written;
        var ok = outcome.Compliance.ToDictionary(f => f.Figure, f => f.Ok);
        int passes = outcome.Solver.Passes.Count;
        var table = new Table().AddColumns("figure", "measured", "target", "tolerance", "");
        string Ok(bool ok) => ok ? "[green]ok[/]" : "[red]miss[/]";
        var inv = CultureInfo.InvariantCulture;
        table.AddRow("integrated loudness", string.Create(inv, $"{m.IntegratedLufs:0.00} LUFS"), string.Create(inv, $"{t.IntegratedLufs:0.0} LUFS"), string.Create(inv, $"±{t.Tolerance.IntegratedLu} LU"), Ok(ok["integrated_lufs"]));
        table.AddRow("spectral centroid", string.Create(inv, $"{m.SpectralCentroidHz:0} Hz"), string.Create(inv, $"{t.SpectralCentroidHz:0} Hz"), string.Create(inv, $"±{t.Tolerance.CentroidFraction:P0}"), Ok(ok["spectral_centroid_hz"]));
        table.AddRow("ms_ratio", string.Create(inv, $"{m.MsRatio:0.000}"), string.Create(inv, $"{t.MsRatio:0.00}"), string.Create(inv, $"±{t.Tolerance.MsRatio}"), Ok(ok["ms_ratio"]));
        table.AddRow("true peak", string.Create(inv, $"{m.TruePeakDbtp:0.00} dBTP"), string.Create(inv, $"≤ {t.TruePeakDbtp:0.0} dBTP"), "", Ok(ok["true_peak_dbtp"]));
        table.AddRow("low / mid / high", string.Create(inv, $"{m.LowShare:0.00} / {m.MidShare:0.00} / {m.HighShare:0.00}"), string.Create(inv, $"{t.FrequencyBalance.Low:0.00} / {t.FrequencyBalance.Mid:0.00} / {t.FrequencyBalance.High:0.00}"), "aimed", "");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.MarkupLine($"[bold]{Markup.Escape(output)}[/]: style {Markup.Escape(t.Name)}, {passes} solver pass{(passes == 1 ? "" : "es")}");
        console.Write(table);
    }

    private static void PrintCases(IReadOnlyList<ValidationCase> cases)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("case", "style", "LUFS", "centroid Hz", "ms_ratio", "true peak dBTP", "passes", "");
        foreach (var c in cases)
            table.AddRow(c.Case, c.Style, string.Create(inv, $"{c.Measured.IntegratedLufs:0.00}"), string.Create(inv, $"{c.Measured.SpectralCentroidHz:0}"),
                string.Create(inv, $"{c.Measured.MsRatio:0.000}"), string.Create(inv, $"{c.Measured.TruePeakDbtp:0.00}"), c.SolverPasses.ToString(inv), c.Passed ? "[green]pass[/]" : "[red]fail[/]");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.Write(table);
        console.MarkupLine($"{cases.Count(c => c.Passed)} passed, {cases.Count(c => !c.Passed)} failed");
    }
}

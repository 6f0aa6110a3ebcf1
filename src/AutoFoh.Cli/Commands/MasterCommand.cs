using System.CommandLine;
using System.Globalization;
using AutoFoh.Cli.Output;
using AutoFoh.Mastering.Matching;
using Spectre.Console;

namespace AutoFoh.Cli.Commands;

/// <summary>`autofoh master --reference REF IN --out OUT`: master a mix to sound like a reference (loudness, tone, width), with an amount and a report.</summary>
public static class MasterCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "The mix to master (any format ffmpeg reads; mono or stereo)" };
        var reference = new Option<string>("--reference") { Description = "The reference track whose loudness, tone and width to match", Required = true };
        var output = new Option<string>("--out") { Description = "The mastered file (WAV, 24-bit)", Required = true };
        var amount = new Option<double>("--amount") { Description = "How much of the match to apply: 0 (none) .. 1 (all), like a wet/dry control", DefaultValueFactory = _ => 1.0 };
        var ceiling = new Option<double>("--ceiling") { Description = "True-peak ceiling of the limiter (dBTP)", DefaultValueFactory = _ => -1.0 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("master", "Master a mix against a reference track (Matchering-style): loudness, smoothed spectrum, stereo width, true-peak limit")
        {
            input, reference, output, amount, ceiling, json,
        };
        command.SetAction(parse =>
        {
            double a = parse.GetValue(amount), c = parse.GetValue(ceiling);
            if (!(a is >= 0 and <= 1)) throw new CliException($"--amount {a.ToString(CultureInfo.InvariantCulture)}: between 0 (no change) and 1 (the whole match)");
            if (!(c is > -20 and <= 0)) throw new CliException($"--ceiling {c.ToString(CultureInfo.InvariantCulture)}: between -20 and 0 dBTP");
            var report = StderrConsole.WithProgress("mastering", _ => ReferenceMaster.Run(parse.GetValue(input)!, parse.GetValue(reference)!, parse.GetValue(output)!, a, c));
            if (parse.GetValue(json)) Json.Write(report);
            else Print(report);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(ReferenceMasterReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.MarkupLine($"[bold]{Markup.Escape(r.Output)}[/]: {Markup.Escape(Path.GetFileName(r.Input))} mastered against {Markup.Escape(Path.GetFileName(r.Reference))}, amount {r.Amount.ToString("0.##", inv)}");
        var figures = new Table().AddColumns("figure", "input", "reference", "output");
        figures.AddRow("integrated loudness (LUFS)", F(r.InputMeasured.IntegratedLufs, "0.00"), F(r.ReferenceMeasured.IntegratedLufs, "0.00"), F(r.OutputMeasured.IntegratedLufs, "0.00"));
        figures.AddRow("spectral centroid (Hz)", F(r.InputMeasured.SpectralCentroidHz, "0"), F(r.ReferenceMeasured.SpectralCentroidHz, "0"), F(r.OutputMeasured.SpectralCentroidHz, "0"));
        figures.AddRow("ms_ratio", F(r.InputMeasured.MsRatio, "0.000"), F(r.ReferenceMeasured.MsRatio, "0.000"), F(r.OutputMeasured.MsRatio, "0.000"));
        figures.AddRow("true peak (dBTP)", F(r.InputMeasured.TruePeakDbtp, "0.00"), F(r.ReferenceMeasured.TruePeakDbtp, "0.00"), F(r.OutputMeasured.TruePeakDbtp, "0.00"));
        console.Write(figures);
        var eq = new Table().AddColumns("EQ change (dB)", "mid", "side");
        foreach (var change in r.Eq) eq.AddRow(change.FrequencyHz >= 1000 ? $"{(change.FrequencyHz / 1000).ToString("0.#", inv)} kHz" : $"{change.FrequencyHz.ToString("0.#", inv)} Hz", F(change.MidDb, "+0.0;-0.0"), F(change.SideDb, "+0.0;-0.0"));
        console.Write(eq);
        console.MarkupLine($"changed: gain into the limiter {F(r.GainDb, "+0.0;-0.0")} dB (loudness target {F(r.LoudnessTargetLufs, "0.0")} LUFS), side {F(r.SideGainDb, "+0.0;-0.0")} dB, limiter at most {F(r.LimiterReductionDb, "0.0")} dB of gain reduction");
    }

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}

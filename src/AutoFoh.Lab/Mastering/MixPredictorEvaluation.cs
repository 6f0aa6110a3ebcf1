using AutoFoh.Dsp.Statistics;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>Median and 90th percentile of absolute errors.</summary>
public sealed record ErrorSummary(double Median, double P90, int Count)
{
    public static ErrorSummary Of(IEnumerable<double> absoluteErrors)
    {
        var sorted = absoluteErrors.Order().ToList();
        return sorted.Count == 0 ? new(double.NaN, double.NaN, 0) : new(Percentile.OfSorted(sorted, 0.5), Percentile.OfSorted(sorted, 0.9), sorted.Count);
    }
}

/// <summary>
/// One method's errors against the undo targets: gain (dB), balance (the gain errors less their median over
/// the example's stems: what is left when the master fader is free), the two shelves that undo the tilt
/// (dB, pooled), the two peaks (whose target is 0 dB), pan, and how often it puts a high-pass exactly where
/// rumble or DC was added.
/// </summary>
public sealed record MethodErrors(string Method, ErrorSummary GainDb, ErrorSummary BalanceDb, ErrorSummary ShelfDb, ErrorSummary PeakDb, ErrorSummary Pan, double HighPassAccuracy);

/// <summary>The predictor and the two baselines on a set of examples, plus the predictor's errors on the default-driven parameters.</summary>
public sealed record MixEvaluation(int Examples, int Stems, IReadOnlyList<MethodErrors> Methods, ErrorSummary ThresholdDb, ErrorSummary Ratio, ErrorSummary SaturationMix, ErrorSummary ReverbSendDb);

public static class MixPredictorEvaluation
{
    public const string NoChange = "no change", LoudnessMatch = "loudness matching", Predictor = "mix predictor";

    /// <param name="roleOffsetsLu">The loudness-matching baseline's offsets (<see cref="LoudnessMatching.RoleOffsetsLu"/> on the training songs).</param>
    public static MixEvaluation Evaluate(MixPredictor predictor, IReadOnlyList<MixExample> examples, IReadOnlyDictionary<InstrumentRole, double> roleOffsetsLu)
    {
        var rows = new Dictionary<string, List<(double[] Predicted, double[] Target, bool Rumble)[]>>
        {
            [NoChange] = [], [LoudnessMatch] = [], [Predictor] = [],
        };
        int stems = 0;
        var neutral = StripParameterSpace.Parameters.Select((p, i) => i == StripParameterSpace.HighPass ? p.Min : 0.0).ToArray();
        foreach (var example in examples)
        {
            var audible = example.Stems.Where(s => !s.Features.IsSilent).Take(MixInput.MaxStems).ToList();
            if (audible.Count == 0) continue;
            stems += audible.Count;
            var targets = example.Targets(audible);
            var predicted = predictor.PredictValues(audible.Select(s => new PredictorStem(s.Name, s.Features, s.Role)).ToList(), example.Style);
            rows[Predictor].Add(audible.Select((s, i) => (predicted[i], targets[i], s.Perturbation.HasRumble)).ToArray());
            rows[NoChange].Add(audible.Select((s, i) => (neutral, targets[i], s.Perturbation.HasRumble)).ToArray());
            rows[LoudnessMatch].Add(audible.Select((s, i) =>
            {
                var v = (double[])neutral.Clone();
                v[StripParameterSpace.Gain] = LoudnessMatching.GainDb(s.Features.IntegratedLufs, example.BandLufs, LoudnessMatching.OffsetFor(roleOffsetsLu, s.Role));
                return (v, targets[i], s.Perturbation.HasRumble);
            }).ToArray());
        }
        var methods = rows.Select(r => Summarise(r.Key, r.Value)).ToList();
        var mine = rows[Predictor].SelectMany(e => e).ToList();
        ErrorSummary Of(int p) => ErrorSummary.Of(mine.Select(s => Math.Abs(s.Predicted[p] - s.Target[p])));
        return new MixEvaluation(rows[Predictor].Count, stems, methods,
            Of(StripParameterSpace.Threshold), Of(StripParameterSpace.Ratio), Of(StripParameterSpace.SaturationMix), Of(StripParameterSpace.ReverbSend));
    }

    private static MethodErrors Summarise(string method, List<(double[] Predicted, double[] Target, bool Rumble)[]> examples)
    {
        var all = examples.SelectMany(e => e).ToList();
        var gain = all.Select(s => s.Predicted[StripParameterSpace.Gain] - s.Target[StripParameterSpace.Gain]);
        var balance = examples.SelectMany(e =>
        {
            var errors = e.Select(s => s.Predicted[StripParameterSpace.Gain] - s.Target[StripParameterSpace.Gain]).Order().ToList();
            double median = Percentile.OfSorted(errors, 0.5);
            return errors.Select(x => x - median);
        });
        var shelves = all.SelectMany(s => new[] { StripParameterSpace.LowShelf, StripParameterSpace.HighShelf }.Select(p => s.Predicted[p] - s.Target[p]));
        var peaks = all.SelectMany(s => new[] { StripParameterSpace.LowPeak, StripParameterSpace.HighPeak }.Select(p => s.Predicted[p] - s.Target[p]));
        var pan = all.Select(s => s.Predicted[StripParameterSpace.Pan] - s.Target[StripParameterSpace.Pan]);
        double highPass = all.Count == 0 ? double.NaN : all.Count(s => (s.Predicted[StripParameterSpace.HighPass] >= StripParameterSpace.HighPassOnHz) == s.Rumble) / (double)all.Count;
        return new MethodErrors(method, ErrorSummary.Of(gain.Select(Math.Abs)), ErrorSummary.Of(balance.Select(Math.Abs)), ErrorSummary.Of(shelves.Select(Math.Abs)),
            ErrorSummary.Of(peaks.Select(Math.Abs)), ErrorSummary.Of(pan.Select(Math.Abs)), highPass);
    }

    /// <summary>The table of docs/results.md: one row per method.</summary>
    public static string MarkdownTable(MixEvaluation evaluation)
    {
        var lines = new List<string>
        {
            "| method | gain error median / p90 (dB) | balance error median / p90 (dB) | shelf EQ error median / p90 (dB) | peak EQ error median / p90 (dB) | pan error median / p90 | high-pass right |",
            "|---|---:|---:|---:|---:|---:|---:|",
        };
        static string F(ErrorSummary e, string format) => $"{e.Median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} / {e.P90.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
        foreach (var m in evaluation.Methods)
            lines.Add($"| {m.Method} | {F(m.GainDb, "0.00")} | {F(m.BalanceDb, "0.00")} | {F(m.ShelfDb, "0.00")} | {F(m.PeakDb, "0.00")} | {F(m.Pan, "0.00")} | {(100 * m.HighPassAccuracy).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}% |");
        return string.Join('\n', lines);
    }
}

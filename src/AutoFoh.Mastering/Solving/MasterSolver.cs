using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Parameters;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Solving;

/// <summary>One pass of the solver: the master it tried and what the rendered mix measured.</summary>
public sealed record SolverPass(MasterParameters Master, MixMeasurement Measured, double Score);

/// <summary>The master the solver settled on, the figures it measured with it, and every pass it made.</summary>
public sealed record SolverResult(MasterParameters Master, MixMeasurement Measured, bool WithinTolerance, IReadOnlyList<SolverPass> Passes);

/// <summary>
/// The closed loop of the master: render, measure, correct, until the mix is within the style's tolerance.
///
/// The tone (tilt and low shelf) and the width are first searched on a <see cref="ToneModel"/> of the signal that
/// enters the master's tone stage, so the first render is already close; each render then corrects the model's aims
/// by the ratio of target to measured (the limiter and the bus's transients are what the model leaves out), and the
/// limiter's drive by a secant step on measured loudness (its slope falls under 1 as the limiter works harder).
/// Each pass aims at a third of the tolerance, so the written file, measured again, keeps a margin.
/// </summary>
public static class MasterSolver
{
    public const int DefaultMaxPasses = 10;
    /// <summary>The most the width stage raises the side (+12 dB): past it, pan the stems apart (<see cref="PanSpread"/>).</summary>
    public const double MaxWidth = 4;
    /// <summary>The widest tilt the solver uses (±12 dB at the ends); past it, a low or high cut (<see cref="ToneModel.SolveTone"/>).</summary>
    public const double MaxTiltDb = 24;
    private const double AimFraction = 1.0 / 3;

    /// <param name="model">The tone model of the signal entering the tone stage (after the input gain and bus compressor).</param>
    /// <param name="preToneLufs">Integrated loudness of that signal.</param>
    /// <param name="start">The master to start from (style defaults: bus compressor, limiter settings, input gain).</param>
    /// <param name="render">Renders the whole master with the given parameters and measures the result.</param>
    public static SolverResult Solve(ToneModel model, double preToneLufs, StyleTarget style, MasterParameters start,
        Func<MasterParameters, MixMeasurement> render, int maxPasses = DefaultMaxPasses, IProgress<double>? progress = null)
    {
        double centroidAim = style.SpectralCentroidHz, msAim = style.MsRatio;
        var eq = model.Solve(start.Eq, centroidAim, style.FrequencyBalance.Low, MaxTiltDb);
        var response = model.Response(eq);
        double width = WidthFor(model, response, msAim);
        // The limiter's drive is solved as an "effective" gain: the drive plus what the tone and width stages add to the
        // level (from the model), so a pass that changes the EQ or the width does not read as a change of the limiter's slope.
        double effectiveDb = style.IntegratedLufs - preToneLufs;
        double gainDb = Math.Clamp(effectiveDb - model.PowerGainDb(response, width), -40, 60);
        if (!double.IsFinite(gainDb)) gainDb = 0;

        var passes = new List<SolverPass>();
        double? previousEffective = null, previousLufs = null;
        for (int pass = 0; pass < maxPasses; pass++)
        {
            var master = start with { Eq = eq, Width = width, Limiter = start.Limiter with { InputGainDb = gainDb } };
            var measured = render(master);
            double score = Score(measured, style);
            passes.Add(new SolverPass(master, measured, score));
            progress?.Report((pass + 1) / (double)maxPasses);
            if (score <= AimFraction) break;
            effectiveDb = gainDb + model.PowerGainDb(response, width);

            // Tone and width: move the model's aims by what the render missed.
            if (measured.SpectralCentroidHz > 0) centroidAim *= style.SpectralCentroidHz / measured.SpectralCentroidHz;
            if (measured.MsRatio > 1e-6) msAim *= style.MsRatio / measured.MsRatio; else msAim = style.MsRatio;
            centroidAim = Math.Clamp(centroidAim, style.SpectralCentroidHz / 3, style.SpectralCentroidHz * 3);
            msAim = Math.Clamp(msAim, 0, style.MsRatio * 4 + 0.1);
            eq = model.SolveTone(eq, centroidAim, MaxTiltDb);
            response = model.Response(eq);
            width = WidthFor(model, response, msAim);

            // Loudness: a secant step on the effective drive (slope 1 until two passes say otherwise; the limiter
            // makes it fall under 1 as it works harder).
            double error = style.IntegratedLufs - measured.IntegratedLufs;
            if (!double.IsFinite(error)) break;
            double slope = 1;
            if (previousEffective is double e0 && previousLufs is double l0 && Math.Abs(effectiveDb - e0) > 0.05)
                slope = Math.Clamp((measured.IntegratedLufs - l0) / (effectiveDb - e0), 0.25, 1.5);
            previousEffective = effectiveDb;
            previousLufs = measured.IntegratedLufs;
            gainDb = Math.Clamp(effectiveDb + error / slope - model.PowerGainDb(response, width), -40, 60);
        }
        var best = passes.MinBy(p => p.Score)!;
        return new SolverResult(best.Master, best.Measured, best.Score <= 1, passes);
    }

    /// <summary>How far a measurement is from the style, in units of its tolerance: <see cref="StyleCompliance.Score"/> (≤ 1 meets it).</summary>
    public static double Score(MixMeasurement measured, StyleTarget style) => StyleCompliance.Score(measured, style);

    private static double WidthFor(ToneModel model, double[] response, double msAim)
    {
        double natural = model.MsRatio(response);
        // A mono bus has no side to widen: the width stage cannot help (the reverb return and pans make the side).
        return natural > 1e-4 ? Math.Clamp(msAim / natural, 0, MaxWidth) : 1;
    }
}

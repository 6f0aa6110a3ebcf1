using AutoFoh.Audio;
using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Mixing;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Matching;

/// <summary>What the reference master changed at one frequency, in dB, for the mid and the side.</summary>
public sealed record EqChange(double FrequencyHz, double MidDb, double SideDb);

/// <summary>What <see cref="ReferenceMaster.Run"/> measured and changed: the report Matchering users ask for.</summary>
public sealed record ReferenceMasterReport(
    string Input,
    string Reference,
    string Output,
    double Amount,
    MixMeasurement InputMeasured,
    MixMeasurement ReferenceMeasured,
    MixMeasurement OutputMeasured,
    double LoudnessTargetLufs,
    double GainDb,
    double SideGainDb,
    double LimiterReductionDb,
    IReadOnlyList<EqChange> Eq);

/// <summary>
/// Reference mastering, after Matchering's idea: make a mix sound like a reference by matching its loudness, its
/// smoothed long-term spectrum (mid and side separately) and its stereo width, then limit to a true-peak ceiling.
///
/// 1. Both files' mid/side long-term spectra over their non-silent frames (<see cref="LongTermSpectrum"/>).
/// 2. A linear-phase matching EQ for the mid and one for the side (<see cref="MatchingEq"/>: third-octave smoothed,
///    ±12 dB, level taken out so the EQ only shapes).
/// 3. The side scaled so RMS(side)/RMS(mid) moves to the reference's.
/// 4. The gain into the true-peak limiter solved so the output's integrated loudness lands on the target (the
///    limiter takes loudness away as it works, so a few secant steps).
/// The amount (0..1) scales every change: the EQ curves in dB, the width and loudness changes in dB; 0 leaves the
/// input as it was (apart from the limiter, which still holds the ceiling), 1 is the whole match.
/// </summary>
public static class ReferenceMaster
{
    public static readonly double[] ReportFrequenciesHz = [31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000];
    public const double LoudnessToleranceLu = 0.1;

    public static ReferenceMasterReport Run(string inputPath, string referencePath, string outputPath, double amount = 1, double ceilingDbtp = -1,
        WavSampleFormat format = WavSampleFormat.Pcm24)
    {
        if (!(amount is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(amount), amount, $"amount {amount}: must lie between 0 (no change) and 1 (the whole match)");
        if (!(ceilingDbtp is > -20 and <= 0)) throw new ArgumentOutOfRangeException(nameof(ceilingDbtp), ceilingDbtp, $"ceiling {ceilingDbtp} dBTP: must lie between -20 and 0");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (folder is not null && !Directory.Exists(folder)) throw new DirectoryNotFoundException($"{outputPath}: folder {folder} does not exist");

        var input = Stereo(AudioFile.ReadAll(inputPath), inputPath);
        var reference = Stereo(AudioFile.ReadAll(referencePath), referencePath);
        int rate = input.SampleRateHz;
        if (reference.SampleRateHz != rate) reference = Resampler.Resample(reference, rate);
        var inputMeasured = MixMeter.Measure(input[0], input[1], rate);
        var referenceMeasured = MixMeter.Measure(reference[0], reference[1], rate);
        if (!double.IsFinite(inputMeasured.IntegratedLufs)) throw new AudioFormatException(inputPath, "is silent (under the loudness gate): nothing to master");
        if (!double.IsFinite(referenceMeasured.IntegratedLufs)) throw new AudioFormatException(referencePath, "the reference is silent (under the loudness gate)");

        // 1-2. Matching EQs for mid and side.
        var inputSpectrum = LongTermSpectrum.Measure(input[0], input[1], rate);
        var referenceSpectrum = LongTermSpectrum.Measure(reference[0], reference[1], rate);
        int fft = inputSpectrum.FftSize;
        var midEq = MatchingEq.Design(inputSpectrum.Mid, referenceSpectrum.Mid, rate, fft, amount);
        var sideEq = MatchingEq.Design(inputSpectrum.Side, referenceSpectrum.Side, rate, fft, amount);
        int frames = input.Frames;
        var mid = new float[frames];
        var side = new float[frames];
        for (int n = 0; n < frames; n++) { mid[n] = (input[0][n] + input[1][n]) * 0.5f; side[n] = (input[0][n] - input[1][n]) * 0.5f; }
        mid = midEq.Apply(mid);
        side = sideEq.Apply(side);

        // 3-4. Width and loudness, in a closed loop through the limiter: its linked gain ducks the transients, which
        // sit mostly in the mid, so limiting widens a mix; each pass corrects the side gain and the drive together.
        double ms = Rms(side) / Math.Max(Rms(mid), 1e-12);
        bool hasSide = ms > 1e-6 && inputMeasured.MsRatio > 1e-6 && referenceMeasured.MsRatio > 1e-6;
        double targetMs = hasSide ? inputMeasured.MsRatio * Math.Pow(referenceMeasured.MsRatio / inputMeasured.MsRatio, amount) : inputMeasured.MsRatio;
        double sideGainDb = hasSide ? Math.Clamp(20 * Math.Log10(targetMs / ms), -24, 12) : 0;
        var left = new float[frames];
        var right = new float[frames];
        void Build(double sideDb)
        {
            float g = (float)Math.Pow(10, sideDb / 20);
            for (int n = 0; n < frames; n++) { left[n] = mid[n] + g * side[n]; right[n] = mid[n] - g * side[n]; }
        }
        Build(sideGainDb);
        double target = inputMeasured.IntegratedLufs + amount * (referenceMeasured.IntegratedLufs - inputMeasured.IntegratedLufs);
        double gainDb = target - MixMeter.Measure(left, right, rate).IntegratedLufs;
        MasterParameters Master(double g) => MasterParameters.Neutral with { Limiter = new LimiterSettings(ceilingDbtp, InputGainDb: g) };
        double? previousGain = null, previousLufs = null;
        (double Gain, double Side, double Error) best = (gainDb, sideGainDb, double.PositiveInfinity);
        for (int pass = 0; pass < 10; pass++)
        {
            var meter = new MixMeter(rate);
            MixRenderer.Master([left, right], rate, Master(gainDb), meter.Add);
            var measured = meter.Result();
            double error = target - measured.IntegratedLufs;
            double msError = hasSide ? measured.MsRatio - targetMs : 0;
            double score = Math.Max(Math.Abs(error) / LoudnessToleranceLu, Math.Abs(msError) / 0.01);
            if (score < best.Error) best = (gainDb, sideGainDb, score);
            if (score <= 0.5) break;
            if (hasSide && measured.MsRatio > 1e-6)
            {
                sideGainDb = Math.Clamp(sideGainDb + 20 * Math.Log10(targetMs / measured.MsRatio), -24, 12);
                Build(sideGainDb);
            }
            double slope = previousGain is double g0 && previousLufs is double l0 && Math.Abs(gainDb - g0) > 0.05
                ? Math.Clamp((measured.IntegratedLufs - l0) / (gainDb - g0), 0.1, 1.5) : 1;
            previousGain = gainDb;
            previousLufs = measured.IntegratedLufs;
            gainDb = Math.Clamp(gainDb + error / slope, -40, 40);
        }
        (double bestGain, sideGainDb) = (best.Gain, best.Side);
        Build(sideGainDb);

        var master = Master(bestGain);
        using (var file = new WavSink(outputPath, rate, format))
        {
            MixRenderer.Master([left, right], rate, master, file.Add);
            file.Complete();
        }
        double limiterReductionDb = LimiterReduction(left, right, rate, master);
        var outputMeasured = MixMeter.MeasureFile(outputPath);
        var eq = ReportFrequenciesHz.Where(f => f < rate / 2.0).Select(f => new EqChange(f, midEq.ChangeDbAt(f), sideEq.ChangeDbAt(f))).ToList();
        return new ReferenceMasterReport(Path.GetFullPath(inputPath), Path.GetFullPath(referencePath), Path.GetFullPath(outputPath), amount,
            inputMeasured, referenceMeasured, outputMeasured, target, bestGain, sideGainDb, limiterReductionDb, eq);
    }

    private static double LimiterReduction(float[] left, float[] right, int rate, MasterParameters master)
    {
        var limiter = new TruePeakLimiter(master.Limiter);
        limiter.Prepare(rate, MixRenderer.BlockFrames);
        var l = new float[MixRenderer.BlockFrames];
        var r = new float[MixRenderer.BlockFrames];
        for (int start = 0; start < left.Length; start += l.Length)
        {
            int n = Math.Min(l.Length, left.Length - start);
            left.AsSpan(start, n).CopyTo(l);
            right.AsSpan(start, n).CopyTo(r);
            limiter.Process(l.AsSpan(0, n), r.AsSpan(0, n));
        }
        return limiter.LargestGainReductionDb;
    }

    private static AudioBuffer Stereo(AudioBuffer buffer, string path) => buffer.Channels switch
    {
        1 => new AudioBuffer(buffer.SampleRateHz, [buffer[0], (float[])buffer[0].Clone()]),
        2 => buffer,
        _ => throw new AudioFormatException(path, $"has {buffer.Channels} channels; the reference master takes mono or stereo"),
    };

    private static double Rms(float[] x)
    {
        double sum = 0;
        foreach (float v in x) sum += (double)v * v;
        return Math.Sqrt(sum / Math.Max(1, x.Length));
    }
}

using System.Diagnostics;
using AutoFoh.Audio;
using AutoFoh.Dsp.Effects;
using AutoFoh.Dsp.Loudness;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Parameters;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Mastering.Solving;
using AutoFoh.Mastering.Styles;

namespace AutoFoh.Mastering.Mixing;

/// <summary>What <see cref="AutoMixer.Run"/> is asked to do.</summary>
public sealed record MixRequest(
    IReadOnlyList<string> StemPaths,
    StyleTarget Style,
    string OutputPath,
    string PredictorPath,
    int MaxPasses = MasterSolver.DefaultMaxPasses,
    WavSampleFormat Format = WavSampleFormat.Pcm24);

/// <summary>
/// What a mix came to: every parameter, the solver's passes, what the written file measures, and the warnings; the
/// written file's figures against the style (<see cref="Compliance"/>, computed once by <see cref="StyleCompliance"/>),
/// and whether all of them are within tolerance.
/// </summary>
public sealed record MixOutcome(
    ParameterDocument Parameters,
    SolverResult Solver,
    MixMeasurement Written,
    bool WithinTolerance,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    public IReadOnlyList<FigureCompliance> Compliance { get; init; } = [];
}

/// <summary>
/// The auto-mix, from stem files to a mastered file: features per stem, strips suggested by the
/// <see cref="MixPredictor"/> (seed 003: the AI suggests, the person decides), the bus rendered through the strips
/// and the reverb, the master solved in a closed loop against the style (<see cref="MasterSolver"/>), the file written
/// atomically and measured again from disk. Memory holds the stereo bus and one stem at a time.
/// </summary>
public static class AutoMixer
{
    /// <summary>The bus is brought to this loudness before the bus compressor, so the styles' thresholds mean the same on any stems.</summary>
    public const double BusReferenceLufs = -18;
    /// <summary>A stem with this many samples at full scale (|x| ≥ 0.999) is reported clipped.</summary>
    public const int ClippedSamplesToWarn = 8;
    /// <summary>The most of a stem its features are computed from, and in how many pieces (<see cref="ReadExcerpt"/>).</summary>
    public const double FeatureExcerptSeconds = 60;
    public const int FeatureSegments = 6;

    public static MixOutcome Run(MixRequest request, Action<string, double>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var stages = new Dictionary<string, double>();
        double accounted = 0;
        void Stage(string name)
        {
            double spent = clock.Elapsed.TotalSeconds - accounted;
            stages[name] = stages.GetValueOrDefault(name) + spent;
            accounted += spent;
        }

        if (!File.Exists(request.PredictorPath))
            throw new FileNotFoundException($"{request.PredictorPath}: mix predictor not found (it ships in models/; see models/README.md)", request.PredictorPath);
        var predictor = MixPredictor.Load(request.PredictorPath);
        string? outputFolder = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
        if (outputFolder is not null && !Directory.Exists(outputFolder)) throw new DirectoryNotFoundException($"{request.OutputPath}: folder {outputFolder} does not exist");

        var stems = MixStems.Open(request.StemPaths);
        int rate = stems.SampleRateHz;
        var warnings = new List<string>();
        foreach (var stem in stems.Stems.Where(s => s.SampleRateHz != rate))
            warnings.Add($"{stem.Path}: {stem.SampleRateHz} Hz, resampled to the mix's {rate} Hz");
        foreach (var stem in stems.Stems.Where(s => Math.Abs(s.Frames * (double)rate / s.SampleRateHz - stems.Frames) > 1))
            warnings.Add($"{stem.Path}: {stem.Frames / (double)stem.SampleRateHz:0.##} s, shorter than the longest stem ({stems.DurationSeconds:0.##} s): padded with silence");

        // 1. Features, from an excerpt of each stem (one stem at a time; the clip count from all of it).
        var predictorStems = new List<PredictorStem>();
        for (int i = 0; i < stems.Count; i++)
        {
            var (excerpt, clipped) = ReadExcerpt(stems, i);
            var features = StemFeatureExtractor.Extract(excerpt, rate);
            if (features.IsSilent) warnings.Add($"{stems.Stems[i].Path}: silent; it is mixed but adds nothing");
            if (clipped >= ClippedSamplesToWarn) warnings.Add($"{stems.Stems[i].Path}: clipped ({clipped} samples at full scale); the distortion is in the stem and stays in the mix");
            predictorStems.Add(new PredictorStem(stems.Stems[i].Name, features));
            progress?.Invoke("analysing stems", (i + 1) / (double)stems.Count);
        }
        Stage("features");

        // 2. Strips: the predictor takes up to 8 stems at a time (a larger session is suggested band by band).
        var strips = new List<StripParameters>();
        for (int start = 0; start < predictorStems.Count; start += MixInput.MaxStems)
            strips.AddRange(predictor.Predict(predictorStems.Skip(start).Take(MixInput.MaxStems).ToList(), request.Style.Name));
        var reverb = request.Style.Processing.Reverb;
        var mix = new MixParameters(strips, reverb, MasterParameters.Neutral);
        Stage("predict");

        // 3-4. The bus, then the master: dynamics once, then the closed loop on tone, width and the limiter's drive.
        // When the width stage ends at its limit short of the style's ms_ratio, the stems are panned apart
        // (half way, then all the way; drums, bass and vocals stay) and the bus and master made again.
        var style = request.Style;
        float[][] bus;
        MasterParameters start0;
        SolverResult solved;
        for (int spread = 0; ; spread++)
        {
            bus = RenderBus(stems, mix, progress);
            Stage("strips");
            double busLufs = Lufs(bus[0], bus[1], rate);
            if (!double.IsFinite(busLufs)) throw new ArgumentException($"every stem is silent (or the mix is under the loudness gate): nothing to mix ({string.Join(", ", stems.Stems.Select(s => s.Path))})");
            start0 = new MasterParameters(
                Math.Clamp(BusReferenceLufs - busLufs, -40, 60),
                style.Processing.BusCompressor,
                new TiltEqSettings(0),
                1.0,
                style.Processing.Limiter);
            MasterRenderer.ApplyDynamics(bus[0], bus[1], start0, rate);
            var model = ToneModel.Analyse(bus[0], bus[1], rate);
            double preToneLufs = Lufs(bus[0], bus[1], rate);
            var pre = bus;
            solved = MasterSolver.Solve(model, preToneLufs, style, start0, master =>
            {
                var meter = new MixMeter(rate);
                MasterRenderer.RenderTone(pre[0], pre[1], master, rate, meter.Add);
                return meter.Result();
            }, request.MaxPasses, new Progress(f => progress?.Invoke("solving the master", f)));
            Stage("solve");
            bool tooNarrow = solved.Measured.MsRatio < style.MsRatio - style.Tolerance.MsRatio && solved.Master.Width >= MasterSolver.MaxWidth * 0.99;
            if (solved.WithinTolerance || !tooNarrow || spread == 2 || !PanSpread.CanSpread(strips)) break;
            warnings.Add($"the stems are too narrow for ms_ratio {style.MsRatio}: panned {(spread == 0 ? "half way" : "all the way")} apart (drums, bass and vocals stay)");
            strips = PanSpread.Widen(strips, (spread + 1) / 2.0).ToList();
            mix = mix with { Strips = strips };
        }

        // 5. Write (temp file, then rename) and measure the file as written.
        using (var file = new WavSink(request.OutputPath, rate, request.Format))
        {
            MasterRenderer.RenderTone(bus[0], bus[1], solved.Master, rate, file.Add);
            file.Complete();
        }
        Stage("write");
        var written = MixMeter.MeasureFile(request.OutputPath);
        Stage("measure");

        var document = new ParameterDocument(
            ParameterDocument.CurrentFormatVersion,
            style.Name,
            rate,
            Path.GetFullPath(request.OutputPath),
            stems.Stems.Select((s, i) => new ExportedStem(s.Name, Path.GetFullPath(s.Path), s.Channels, s.SampleRateHz, s.Frames / (double)s.SampleRateHz, strips[i])).ToList(),
            reverb,
            solved.Master,
            Target(style),
            written,
            Path.GetFileName(request.PredictorPath));
        var compliance = StyleCompliance.Check(written, style);
        return new MixOutcome(document, solved, written, StyleCompliance.Within(compliance), warnings, stages) { Compliance = compliance };
    }

    /// <summary>The style's figures as a measurement (what the export and the report put beside the measured ones).</summary>
    public static MixMeasurement Target(StyleTarget style) => new(style.IntegratedLufs, style.SpectralCentroidHz, style.MsRatio, style.TruePeakDbtp,
        style.FrequencyBalance.Low, style.FrequencyBalance.Mid, style.FrequencyBalance.High);

    private static float[][] RenderBus(MixStems stems, MixParameters mix, Action<string, double>? progress)
    {
        var readers = Enumerable.Range(0, stems.Count).Select(stems.OpenStream).ToList();
        try
        {
            return MixRenderer.RenderBus(readers, stems.Frames, stems.SampleRateHz, mix, new Progress(f => progress?.Invoke("rendering the strips", f)));
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
    }

    private static double Lufs(float[] left, float[] right, int rate)
    {
        var meter = new LoudnessMeter(rate, 2, truePeak: false);
        var interleaved = new float[2 * MasterRenderer.BlockFrames];
        for (int start = 0; start < left.Length; start += MasterRenderer.BlockFrames)
        {
            int n = Math.Min(MasterRenderer.BlockFrames, left.Length - start);
            for (int k = 0; k < n; k++) { interleaved[2 * k] = left[start + k]; interleaved[2 * k + 1] = right[start + k]; }
            meter.Process(interleaved.AsSpan(0, 2 * n));
        }
        return meter.IntegratedLufs;
    }

    /// <summary>
    /// The part of a stem its features are computed from: all of it up to <see cref="FeatureExcerptSeconds"/>, else that
    /// much in <see cref="FeatureSegments"/> segments spread evenly over the stem (the predictor was trained on excerpts
    /// of this length; a song's level and tone are stable over it), and the count of full-scale samples in the whole stem.
    /// </summary>
    private static (float[][] Excerpt, int Clipped) ReadExcerpt(MixStems stems, int index)
    {
        int rate = stems.SampleRateHz;
        long frames = stems.Frames;
        int excerptFrames = (int)Math.Min(frames, (long)(FeatureExcerptSeconds * rate));
        int segment = (int)Math.Ceiling(excerptFrames / (double)FeatureSegments);
        long stride = frames <= excerptFrames ? segment : (frames - segment) / Math.Max(1, FeatureSegments - 1);
        using var stream = stems.OpenStream(index);
        var excerpt = new float[stream.Channels][];
        for (int c = 0; c < excerpt.Length; c++) excerpt[c] = new float[excerptFrames];
        var block = new float[stream.Channels][];
        for (int c = 0; c < block.Length; c++) block[c] = new float[MixRenderer.BlockFrames];
        int clipped = 0, filled = 0;
        for (long start = 0; start < frames; start += MixRenderer.BlockFrames)
        {
            int n = (int)Math.Min(MixRenderer.BlockFrames, frames - start);
            stream.Read(block, n);
            for (int c = 0; c < block.Length; c++)
                foreach (float v in block[c].AsSpan(0, n)) if (MathF.Abs(v) >= 0.999f) clipped++;
            // Copy the parts of this block that fall in a segment [s·stride, s·stride + segment).
            for (long position = start; position < start + n && filled < excerptFrames;)
            {
                long s = position / stride, segmentStart = s * stride, segmentEnd = segmentStart + segment;
                if (s >= FeatureSegments) break;
                if (position < segmentStart) { position = segmentStart; continue; }
                if (position >= segmentEnd) { position = segmentStart + stride; continue; }
                int count = (int)Math.Min(Math.Min(segmentEnd, start + n) - position, excerptFrames - filled);
                for (int c = 0; c < block.Length; c++) block[c].AsSpan((int)(position - start), count).CopyTo(excerpt[c].AsSpan(filled));
                filled += count;
                position += count;
            }
        }
        if (filled < excerptFrames) for (int c = 0; c < excerpt.Length; c++) Array.Resize(ref excerpt[c], filled);
        return (excerpt, clipped);
    }

    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

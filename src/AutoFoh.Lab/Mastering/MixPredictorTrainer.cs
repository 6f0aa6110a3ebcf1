using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoFoh.Neural;
using AutoFoh.Neural.Optim;
using AutoFoh.Simulation.Songs;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>Options of a training run; the defaults are those of the shipped model.</summary>
public sealed record MixTrainingOptions
{
    public int Seed { get; init; } = 1;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>The cosine schedule ends here.</summary>
    public double FinalLearningRate { get; init; } = 1e-4;
    /// <summary>Each stem of an example is kept with this probability (at least one is), so bands of every size are seen.</summary>
    public double KeepStemProbability { get; init; } = 0.85;
    /// <summary>
    /// Stems go to random slots instead of <see cref="MixInput.CanonicalOrder"/> (every slot then has to learn
    /// every role; on the held-out songs that doubled the gain error, docs/results.md).
    /// </summary>
    public bool ShuffleSlots { get; init; }
    public double GradientClipNorm { get; init; } = 1.0;
}

/// <summary>Where a run is: the epoch just finished (1-based) and its mean training loss, and the held-out loss when a set was given.</summary>
public sealed record MixTrainingProgress(int Epoch, int Epochs, double TrainLoss, double? ValidationLoss);

/// <summary>
/// Trains a <see cref="MixPredictor"/> on perturbed examples: MSE between the sigmoid outputs and the
/// targets normalised to 0..1 (<see cref="PredictedParameter.ToUnit"/>), over the slots that hold a stem
/// that is not silent; Adam, cosine schedule per step, gradient norm clipped. One generator drawn from
/// the seed decides the initial weights, the order, the dropped stems and the slots, so a run is reproducible.
/// </summary>
public static class MixPredictorTrainer
{
    public static MixPredictor Train(IReadOnlyList<MixExample> examples, MixTrainingOptions options, IProgress<MixTrainingProgress>? progress = null,
        IReadOnlyList<MixExample>? validation = null)
    {
        if (examples.Count == 0) throw new ArgumentException("no training examples", nameof(examples));
        if (options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "at least one epoch");
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "batch size must be positive");
        var predictor = new MixPredictor(options.Seed);
        var random = new Random(options.Seed + 7919);
        var parameters = predictor.Network.Parameters().ToList();
        var adam = new Adam(parameters, options.LearningRate);
        int batchesPerEpoch = (examples.Count + options.BatchSize - 1) / options.BatchSize;
        long totalSteps = (long)batchesPerEpoch * options.Epochs, step = 0;
        var order = Enumerable.Range(0, examples.Count).ToArray();
        double lastLoss = double.NaN;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double lossSum = 0;
            for (int b = 0; b < batchesPerEpoch; b++)
            {
                var batch = order.Skip(b * options.BatchSize).Take(options.BatchSize).Select(i => examples[i]).ToList();
                var (input, target, mask, count) = Batch(batch, random, options);
                if (count == 0) continue;
                adam.LearningRate = options.FinalLearningRate + (options.LearningRate - options.FinalLearningRate) * (1 + Math.Cos(Math.PI * step / totalSteps)) / 2;
                adam.ZeroGrad();
                var loss = Loss(predictor, input, target, mask, count, batch.Count);
                lossSum += LossGuard.Check(loss, (int)step);
                loss.Backward();
                GradientClipping.ClipGradNorm(parameters, options.GradientClipNorm);
                adam.Step();
                step++;
            }
            lastLoss = lossSum / batchesPerEpoch;
            double? validationLoss = validation is { Count: > 0 } ? EvaluateLoss(predictor, validation) : null;
            progress?.Report(new MixTrainingProgress(epoch, options.Epochs, lastLoss, validationLoss));
        }
        predictor.Training = new JsonObject
        {
            ["seed"] = options.Seed,
            ["epochs"] = options.Epochs,
            ["batch_size"] = options.BatchSize,
            ["learning_rate"] = options.LearningRate,
            ["final_learning_rate"] = options.FinalLearningRate,
            ["keep_stem_probability"] = options.KeepStemProbability,
            ["shuffle_slots"] = options.ShuffleSlots,
            ["examples"] = examples.Count,
            ["final_train_loss"] = lastLoss,
        };
        return predictor;
    }

    /// <summary>
    /// The data of <paramref name="recipe"/>: renders (or reuses) the songs and draws the training examples
    /// (from the training seed) and the held-out ones (from the evaluation seed); the expensive part of a run.
    /// </summary>
    public static MixTrainingData PrepareData(MixTrainingRecipe recipe, Action<string>? status = null)
    {
        status?.Invoke($"rendering {recipe.Songs} training and {recipe.HeldOutSongs} held-out songs of {recipe.SongSeconds} s into {recipe.SongsFolder}");
        var trainFolders = RenderedSongCatalog.Ensure(recipe.SongsFolder, recipe.Songs, recipe.SongSeed, recipe.SongSeconds);
        var heldOutFolders = RenderedSongCatalog.Ensure(recipe.SongsFolder, recipe.HeldOutSongs, recipe.HeldOutSeed, recipe.SongSeconds);
        if (trainFolders.Intersect(heldOutFolders).Any())
            throw new ArgumentException($"held-out songs (seeds {recipe.HeldOutSeed}..) overlap the training songs (seeds {recipe.SongSeed}..)");
        var training = WithBacking(trainFolders.Select(MixSong.LoadRendered).ToList(), recipe.BackingStemSongs);
        var heldOut = heldOutFolders.Select(MixSong.LoadRendered).ToList();
        var heldOutBacking = heldOut.Select(s => s.WithBackingStem()).OfType<MixSong>().ToList();
        status?.Invoke($"drawing {training.Count} × {recipe.ExamplesPerSong} training examples ({recipe.ExcerptSeconds} s excerpts) and the held-out sets");
        var examples = MixExampleGenerator.Generate(training, recipe.ExamplesPerSong, recipe.Training.Seed, recipe.ExcerptSeconds, recipe.Threads);
        var test = MixExampleGenerator.Generate(heldOut, recipe.HeldOutExamplesPerSong, recipe.EvaluationSeed, 0, recipe.Threads);
        var testBacking = MixExampleGenerator.Generate(heldOutBacking, recipe.HeldOutExamplesPerSong, recipe.EvaluationSeed, 0, recipe.Threads);
        return new MixTrainingData(examples, test, testBacking, LoudnessMatching.RoleOffsetsLu(training));
    }

    /// <summary>
    /// The whole run of <paramref name="recipe"/>: the data (<see cref="PrepareData"/>, unless given), the
    /// training, and the evaluation on the held-out songs against the baselines. <paramref name="status"/>
    /// hears each stage, <paramref name="progress"/> each epoch.
    /// </summary>
    public static MixTrainingRun TrainOnRenderedSongs(MixTrainingRecipe recipe, Action<string>? status = null, IProgress<MixTrainingProgress>? progress = null,
        MixTrainingData? data = null)
    {
        var clock = Stopwatch.StartNew();
        data ??= PrepareData(recipe, status);
        var dataTime = clock.Elapsed;
        status?.Invoke($"{data.Examples.Count} training examples ready after {dataTime.TotalSeconds:0} s; training {recipe.Training.Epochs} epochs");
        clock.Restart();
        var predictor = Train(data.Examples, recipe.Training, progress, data.HeldOut);
        var trainingTime = clock.Elapsed;
        var evaluation = MixPredictorEvaluation.Evaluate(predictor, data.HeldOut, data.RoleOffsetsLu);
        var evaluationBacking = MixPredictorEvaluation.Evaluate(predictor, data.HeldOutBacking, data.RoleOffsetsLu);
        var info = predictor.Training;
        info["command"] = recipe.Command;
        info["songs"] = "rendered by AutoFoh.Simulation's RenderedSongCatalog (FluidSynth, FluidR3_GM), song k of a set has style k mod 6";
        info["training_songs"] = $"{recipe.Songs} songs of seeds {recipe.SongSeed}-{recipe.SongSeed + recipe.Songs - 1}, {recipe.SongSeconds} s"
            + (recipe.BackingStemSongs ? ", each also as guitar + song" : "");
        info["held_out_songs"] = $"{recipe.HeldOutSongs} songs of seeds {recipe.HeldOutSeed}-{recipe.HeldOutSeed + recipe.HeldOutSongs - 1} (never trained on)";
        info["examples_per_song"] = recipe.ExamplesPerSong;
        info["excerpt_seconds"] = recipe.ExcerptSeconds;
        info["perturbation"] = $"level ±{StemPerturbation.MaxLevelDb} dB, tilt ±{StemPerturbation.MaxTiltDb} dB (shelves 100 Hz / 8 kHz), rumble/DC with p = {StemPerturbation.RumbleProbability}";
        info["held_out_gain_error_median_db"] = Math.Round(evaluation.Methods.First(m => m.Method == MixPredictorEvaluation.Predictor).GainDb.Median, 3);
        info["training_seconds"] = Math.Round(trainingTime.TotalSeconds);
        info["role_offsets_lu"] = new JsonObject(data.RoleOffsetsLu.OrderBy(o => o.Key).Select(o => KeyValuePair.Create(o.Key.ToString().ToLowerInvariant(), (JsonNode?)Math.Round(o.Value, 2))));
        return new MixTrainingRun(predictor, evaluation, evaluationBacking, data.RoleOffsetsLu, data.Examples.Count, dataTime, trainingTime);
    }

    private static List<MixSong> WithBacking(List<MixSong> songs, bool backing) =>
        backing ? songs.Concat(songs.Select(s => s.WithBackingStem()).OfType<MixSong>()).ToList() : songs;

    /// <summary>Mean masked loss over <paramref name="examples"/> with their stems in slot order, none dropped (as a user's stems arrive).</summary>
    public static double EvaluateLoss(MixPredictor predictor, IReadOnlyList<MixExample> examples)
    {
        var inOrder = new MixTrainingOptions { KeepStemProbability = 1, ShuffleSlots = false };
        double sum = 0, weight = 0;
        using (GradMode.Disable())
            for (int start = 0; start < examples.Count; start += 256)
            {
                var batch = examples.Skip(start).Take(256).ToList();
                var (input, target, mask, count) = Batch(batch, new Random(0), inOrder);
                if (count == 0) continue;
                sum += Loss(predictor, input, target, mask, count, batch.Count).Item() * count;
                weight += count;
            }
        return weight > 0 ? sum / weight : double.NaN;
    }

    private static Tensor Loss(MixPredictor predictor, float[] input, float[] target, float[] mask, int count, int rows)
    {
        int outputs = MixInput.MaxStems * StripParameterSpace.Count;
        var units = F.Sigmoid(predictor.Network.Forward(new Tensor(input, rows, MixInput.Size)));
        var error = F.Mul(F.Sub(units, new Tensor(target, rows, outputs)), new Tensor(mask, rows, outputs));
        return F.Mul(F.Sum(F.Square(error)), 1f / (count * StripParameterSpace.Count));
    }

    /// <summary>Inputs, normalised targets and the mask of the slots that count; <c>count</c> is the number of such slots.</summary>
    private static (float[] Input, float[] Target, float[] Mask, int Count) Batch(IReadOnlyList<MixExample> batch, Random random, MixTrainingOptions options)
    {
        int outputs = MixInput.MaxStems * StripParameterSpace.Count, count = 0;
        var input = new float[batch.Count * MixInput.Size];
        var target = new float[batch.Count * outputs];
        var mask = new float[batch.Count * outputs];
        for (int r = 0; r < batch.Count; r++)
        {
            var example = batch[r];
            var kept = example.Stems.Where(_ => random.NextDouble() < options.KeepStemProbability).ToList();
            if (kept.Count == 0) kept.Add(example.Stems[random.Next(example.Stems.Count)]);
            if (kept.Count > MixInput.MaxStems)
            {
                var shuffled = kept.ToArray();
                random.Shuffle(shuffled);
                kept = shuffled.Take(MixInput.MaxStems).ToList();
            }
            List<(int Slot, MixExampleStem Stem)> placed;
            if (options.ShuffleSlots)
            {
                var slotOf = Enumerable.Range(0, MixInput.MaxStems).ToArray();
                random.Shuffle(slotOf);
                placed = kept.Select((s, i) => (Slot: slotOf[i], Stem: s)).OrderBy(p => p.Slot).ToList();
            }
            else placed = MixInput.CanonicalOrder(kept.Select(s => s.Role).ToList()).Select((i, slot) => (slot, kept[i])).ToList();
            var slots = new MixInput.Slot?[MixInput.MaxStems];
            foreach (var (slot, stem) in placed) slots[slot] = new MixInput.Slot(stem.Role, stem.Features);
            MixInput.Encode(slots, example.Style, input.AsSpan(r * MixInput.Size, MixInput.Size));
            var targets = example.Targets(placed.Select(p => p.Stem).ToList());
            for (int i = 0; i < placed.Count; i++)
            {
                if (placed[i].Stem.Features.IsSilent) continue;
                int offset = r * outputs + placed[i].Slot * StripParameterSpace.Count;
                for (int p = 0; p < StripParameterSpace.Count; p++)
                {
                    target[offset + p] = (float)StripParameterSpace.Parameters[p].ToUnit(targets[i][p]);
                    mask[offset + p] = 1;
                }
                count++;
            }
        }
        return (input, target, mask, count);
    }
}

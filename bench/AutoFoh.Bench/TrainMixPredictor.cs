using AutoFoh.Lab.Mastering;
using System.Globalization;
using System.Text.Json;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Bench;

/// <summary>
/// Trains the auto-mix predictor on rendered songs, evaluates it on the held-out songs (and, with
/// --real-songs, on the real songs as guitar + song) against the baselines, and saves it. Until the CLI has
/// a command for it, this is how the shipped model is made:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- train-mix-predictor --songs 24 --seed 1 --out models/mix-predictor.safetensors
/// </summary>
public static class TrainMixPredictor
{
    public static int Run(string[] args)
    {
        var recipe = new MixTrainingRecipe { SongsFolder = Path.Combine(BenchData.Root, ".cache/mastering/songs") };
        var options = new MixTrainingOptions();
        string output = Path.Combine(BenchData.Root, "models/mix-predictor.safetensors");
        string? realSongs = null, dataCache = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--songs": recipe = recipe with { Songs = Int() }; break;
                case "--held-out": recipe = recipe with { HeldOutSongs = Int() }; break;
                case "--examples-per-song": recipe = recipe with { ExamplesPerSong = Int() }; break;
                case "--excerpt": recipe = recipe with { ExcerptSeconds = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--threads": recipe = recipe with { Threads = Int() }; break;
                case "--seed": options = options with { Seed = Int() }; break;
                case "--epochs": options = options with { Epochs = Int() }; break;
                case "--batch": options = options with { BatchSize = Int() }; break;
                case "--keep": options = options with { KeepStemProbability = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--shuffle-slots": options = options with { ShuffleSlots = bool.Parse(value) }; break;
                case "--lr": options = options with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--out": output = value; break;
                case "--real-songs": realSongs = value; break;
                case "--data-cache": dataCache = value; break;
                default: Console.Error.WriteLine($"train-mix-predictor: unknown option {args[i]}"); return 2;
            }
        }
        string command = "dotnet run -c Release --project bench/AutoFoh.Bench -- train-mix-predictor " + string.Join(' ', args);
        recipe = recipe with { Training = options, Command = command };
        var data = dataCache is null ? null : CachedData(dataCache, recipe);
        var run = MixPredictorTrainer.TrainOnRenderedSongs(recipe, message => Console.WriteLine(message),
            new SynchronousProgress(p => Console.WriteLine(
                $"epoch {p.Epoch}/{p.Epochs}: train loss {p.TrainLoss:0.00000}, held-out loss {p.ValidationLoss:0.00000}")), data);
        Console.WriteLine($"data {run.DataTime.TotalSeconds:0} s, training {run.TrainingTime.TotalSeconds:0} s, {run.TrainingExamples} examples, {run.Predictor.ParameterCount} weights");
        Console.WriteLine("role offsets (LU from the band): " + string.Join(", ", run.RoleOffsetsLu.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value:0.0}")));
        Print($"held-out rendered songs ({run.HeldOut.Examples} examples, {run.HeldOut.Stems} stems)", run.HeldOut);
        Print($"held-out rendered songs as guitar + song ({run.HeldOutBacking.Examples} examples)", run.HeldOutBacking);
        if (realSongs is not null)
        {
            // The real songs (Muldjord, metal): 30 s from 60 s in, guitar + song, never trained on.
            var songs = Directory.GetDirectories(realSongs).Order(StringComparer.Ordinal)
                .Select(folder => MixSong.LoadStemsFolder(folder, MixStyles.RockPunk, 60, 30)).ToList();
            var examples = MixExampleGenerator.Generate(songs, recipe.HeldOutExamplesPerSong, recipe.EvaluationSeed, 0, recipe.Threads);
            var real = MixPredictorEvaluation.Evaluate(run.Predictor, examples, run.RoleOffsetsLu);
            Print($"real songs, guitar + song ({real.Examples} examples)", real);
            run.Predictor.Training["real_songs_gain_error_median_db"] = Math.Round(real.Methods.First(m => m.Method == MixPredictorEvaluation.Predictor).GainDb.Median, 3);
        }
        run.Predictor.Save(output);
        Console.WriteLine($"saved {output} ({new FileInfo(output).Length / 1024} KiB)");
        return 0;
    }

    /// <summary>
    /// The examples of the recipe from a JSON cache, or drawn and cached: for trying training options without
    /// measuring the same perturbed stems again. The cache holds the recipe's data fields and is used only when they match.
    /// </summary>
    private static MixTrainingData CachedData(string path, MixTrainingRecipe recipe)
    {
        string key = JsonSerializer.Serialize(new
        {
            recipe.Songs, recipe.SongSeed, recipe.HeldOutSongs, recipe.HeldOutSeed, recipe.SongSeconds, recipe.ExamplesPerSong, recipe.ExcerptSeconds,
            recipe.HeldOutExamplesPerSong, recipe.EvaluationSeed, recipe.BackingStemSongs, recipe.Training.Seed,
        });
        if (File.Exists(path))
        {
            var cached = JsonSerializer.Deserialize<DataCache>(File.ReadAllText(path), Json);
            if (cached?.Key == key)
            {
                Console.WriteLine($"examples from {path}");
                return cached.Data;
            }
        }
        var data = MixPredictorTrainer.PrepareData(recipe, message => Console.WriteLine(message));
        File.WriteAllText(path, JsonSerializer.Serialize(new DataCache(key, data), Json));
        return data;
    }

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private sealed record DataCache(string Key, MixTrainingData Data);

    private sealed class SynchronousProgress(Action<MixTrainingProgress> report) : IProgress<MixTrainingProgress>
    {
        public void Report(MixTrainingProgress value) => report(value);
    }

    private static void Print(string title, MixEvaluation evaluation)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(MixPredictorEvaluation.MarkdownTable(evaluation));
        Console.WriteLine($"predictor on the defaults, median / p90: threshold {evaluation.ThresholdDb.Median:0.00} / {evaluation.ThresholdDb.P90:0.00} dB, "
            + $"ratio {evaluation.Ratio.Median:0.00} / {evaluation.Ratio.P90:0.00}, saturation mix {evaluation.SaturationMix.Median:0.000} / {evaluation.SaturationMix.P90:0.000}, "
            + $"reverb send {evaluation.ReverbSendDb.Median:0.00} / {evaluation.ReverbSendDb.P90:0.00} dB");
    }
}

using AutoFoh.Mastering.Prediction;
using Xunit.Abstractions;
using AutoFoh.Lab.Mastering;

namespace AutoFoh.Mastering.Tests.Prediction;

public class MixPredictorTrainerTests(ITestOutputHelper output)
{
    private static double MedianGainErrorDb(MixPredictor predictor, IReadOnlyList<MixExample> examples) =>
        MixPredictorEvaluation.Evaluate(predictor, examples, new Dictionary<InstrumentRole, double>())
            .Methods.Single(m => m.Method == MixPredictorEvaluation.Predictor).GainDb.Median;

    [Fact]
    public void A_short_training_on_noise_stems_learns_to_undo_gain_changes()
    {
        var training = NoiseSongs.GainExamples(Enumerable.Range(1, 8).Select(NoiseSongs.Make), 30, seed: 1);
        var heldOut = NoiseSongs.GainExamples(Enumerable.Range(100, 3).Select(NoiseSongs.Make), 20, seed: 2);
        var options = new MixTrainingOptions { Seed = 1, Epochs = 25, BatchSize = 32, LearningRate = 2e-3, KeepStemProbability = 1, ShuffleSlots = false };
        var losses = new List<MixTrainingProgress>();
        var trained = MixPredictorTrainer.Train(training, options, new SynchronousProgress<MixTrainingProgress>(losses.Add), heldOut);

        double before = MedianGainErrorDb(new MixPredictor(options.Seed), heldOut);
        double after = MedianGainErrorDb(trained, heldOut);
        var noChange = MixPredictorEvaluation.Evaluate(trained, heldOut, new Dictionary<InstrumentRole, double>())
            .Methods.Single(m => m.Method == MixPredictorEvaluation.NoChange).GainDb.Median;
        output.WriteLine($"median gain error: no change {noChange:0.00} dB, untrained {before:0.00} dB, trained {after:0.00} dB; held-out loss {losses[0].ValidationLoss:0.0000} → {losses[^1].ValidationLoss:0.0000}");
        // Uniform ±12 dB: leaving the gains alone is off by 6 dB at the median; the trained net reads the level.
        Assert.InRange(noChange, 4.5, 7.5);
        Assert.True(before > 4, $"untrained gain error {before:0.00} dB");
        Assert.True(after < 2.0 && after < before / 3, $"gain error {before:0.00} dB before training, {after:0.00} dB after");
        Assert.Equal(options.Epochs, losses.Count);
        Assert.True(losses[^1].ValidationLoss < losses[0].ValidationLoss / 2, $"held-out loss {losses[0].ValidationLoss} → {losses[^1].ValidationLoss}");
        Assert.Equal(1, trained.Training["seed"]!.GetValue<int>());
    }

    [Fact]
    public void The_same_seed_trains_the_same_weights()
    {
        var training = NoiseSongs.GainExamples(Enumerable.Range(1, 2).Select(NoiseSongs.Make), 8, seed: 3);
        var options = new MixTrainingOptions { Seed = 5, Epochs = 2, BatchSize = 8 };
        var a = MixPredictorTrainer.Train(training, options);
        var b = MixPredictorTrainer.Train(training, options);
        var stems = training[0].Stems.Select(s => new PredictorStem(s.Name, s.Features)).ToList();
        Assert.Equal(a.PredictValues(stems, MixStyles.CountryPop), b.PredictValues(stems, MixStyles.CountryPop));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late for an assertion).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

using AutoFoh.Dsp;
using AutoFoh.Dsp.Filters;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Mastering.Tests.Features;
using Xunit.Abstractions;

namespace AutoFoh.Mastering.Tests.Prediction;

public class MixPredictorTrainerTests(ITestOutputHelper output)
{
    private const int Rate = 16000;

    /// <summary>
    /// A band of three noise stems (white "drums", low-passed "bass", band-passed "vocals") at levels near
    /// their roles' (±1.5 dB from song to song): the balance the training has to learn to restore.
    /// </summary>
    private static MixSong NoiseSong(int seed)
    {
        var random = new Random(seed);
        MixStem Stem(string name, double rmsDbfs, params BiquadCoefficients[] filters)
        {
            var x = TestSignals.Noise(Rate, seed * 10 + name.Length);
            foreach (var f in filters) new Biquad(f).Process(x);
            double rms = Math.Sqrt(x.Average(v => (double)v * v));
            float gain = (float)(Decibels.ToAmplitude(rmsDbfs + 3 * (random.NextDouble() - 0.5)) / rms);
            for (int n = 0; n < x.Length; n++) x[n] *= gain;
            return new MixStem(name, [x]);
        }
        return new MixSong($"noise-{seed}", MixStyles.CountryPop, Rate,
        [
            Stem("drums", -18),
            Stem("bass", -22, BiquadCoefficients.LowPass(200, Rate), BiquadCoefficients.LowPass(200, Rate)),
            Stem("vocals", -16, BiquadCoefficients.HighPass(800, Rate), BiquadCoefficients.LowPass(3000, Rate)),
        ]);
    }

    /// <summary>Examples whose only perturbation is a known gain of ±12 dB per stem.</summary>
    private static List<MixExample> GainExamples(IEnumerable<MixSong> songs, int perSong, int seed)
    {
        var random = new Random(seed);
        return songs.SelectMany(song => Enumerable.Range(0, perSong).Select(_ =>
            MixExampleGenerator.Make(song, song.Stems.Select(_ => new StemPerturbation((random.NextDouble() * 2 - 1) * 12, 0)).ToList(), 0, song.Frames))).ToList();
    }

    private static double MedianGainErrorDb(MixPredictor predictor, IReadOnlyList<MixExample> examples) =>
        MixPredictorEvaluation.Evaluate(predictor, examples, new Dictionary<InstrumentRole, double>())
            .Methods.Single(m => m.Method == MixPredictorEvaluation.Predictor).GainDb.Median;

    [Fact]
    public void A_short_training_on_noise_stems_learns_to_undo_gain_changes()
    {
        var training = GainExamples(Enumerable.Range(1, 8).Select(NoiseSong), 30, seed: 1);
        var heldOut = GainExamples(Enumerable.Range(100, 3).Select(NoiseSong), 20, seed: 2);
        var options = new MixTrainingOptions { Seed = 1, Epochs = 40, BatchSize = 32, LearningRate = 2e-3, KeepStemProbability = 1, ShuffleSlots = false };
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
        var training = GainExamples(Enumerable.Range(1, 2).Select(NoiseSong), 8, seed: 3);
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

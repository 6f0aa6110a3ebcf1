using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Parameters;
using AutoFoh.Mastering.Prediction;
using AutoFoh.Neural;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Mastering.Tests.Prediction;

public class MixPredictorTests
{
    private static readonly string[] Names = ["drums", "bass", "guitar", "guitar2", "keys", "vocals", "song", "tambourine"];

    /// <summary>Features anywhere from silence to absurd values, as a malformed or hostile input might give.</summary>
    private static StemFeatures RandomFeatures(Random r)
    {
        double Wild(double scale) => r.Next(10) switch { 0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, _ => (r.NextDouble() * 2 - 1) * scale };
        bool silent = r.Next(6) == 0;
        return new StemFeatures(Wild(200), Wild(100), Wild(40000), Wild(100), silent ? null : Wild(200), Wild(200), Wild(200), Wild(200), Wild(200),
            r.Next(2) == 0, Wild(50), silent);
    }

    private static List<PredictorStem> RandomStems(Random r) =>
        Enumerable.Range(0, 1 + r.Next(MixInput.MaxStems)).Select(_ => new PredictorStem(Names[r.Next(Names.Length)], RandomFeatures(r))).ToList();

    /// <summary>Weights scaled up so the sigmoids saturate: the ranges must hold at their ends too.</summary>
    private static MixPredictor Saturated(int seed)
    {
        var predictor = new MixPredictor(seed);
        var path = Path.Combine(Path.GetTempPath(), $"mix-predictor-{Guid.NewGuid():N}.safetensors");
        try
        {
            predictor.Save(path);
            var (tensors, metadata) = SafeTensors.Load(path);
            SafeTensors.Save(path, tensors.Select(t => (t.Key, new Tensor(t.Value.Data.Select(v => v * 40).ToArray(), t.Value.Shape))), metadata);
            return MixPredictor.Load(path);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Every_predicted_parameter_is_within_its_range_for_any_input()
    {
        var random = new Random(11);
        var predictors = new[] { new MixPredictor(1), new MixPredictor(2), Saturated(3), Saturated(4) };
        var ranges = StripParameterSpace.Parameters;
        for (int trial = 0; trial < 120; trial++)
        {
            var predictor = predictors[trial % predictors.Length];
            var stems = RandomStems(random);
            string style = MixStyles.Names[random.Next(MixStyles.Names.Length)];
            var values = predictor.PredictValues(stems, style);
            var strips = predictor.Predict(stems, style);
            Assert.Equal(stems.Count, strips.Count);
            for (int s = 0; s < stems.Count; s++)
            {
                for (int p = 0; p < ranges.Length; p++)
                    Assert.True(values[s][p] >= ranges[p].Min && values[s][p] <= ranges[p].Max, $"{ranges[p].Name} = {values[s][p]} outside {ranges[p].Min}..{ranges[p].Max}");
                var strip = strips[s];
                Assert.Equal(stems[s].Name, strip.Stem);
                Assert.InRange(strip.GainDb, -24, 24);
                Assert.InRange(strip.Pan, -1, 1);
                Assert.True(strip.HighPassHz == StripParameters.HighPassOffHz || strip.HighPassHz is >= StripParameterSpace.HighPassOnHz and <= 400);
                Assert.Equal([100.0, 500, 3000, 8000], strip.Eq.Select(b => b.FrequencyHz));
                Assert.Equal([EqBandType.LowShelf, EqBandType.Peak, EqBandType.Peak, EqBandType.HighShelf], strip.Eq.Select(b => b.Type));
                Assert.All(strip.Eq, b => Assert.InRange(b.GainDb, -12, 12));
                Assert.InRange(strip.Compressor.ThresholdDb, -40, 0);
                Assert.InRange(strip.Compressor.Ratio, 1, 8);
                Assert.InRange(strip.Saturation.Mix, 0, 0.5);
                Assert.InRange(strip.ReverbSendDb, -40, 0);
            }
        }
    }

    [Fact]
    public void Saturated_outputs_reach_the_ends_of_the_ranges()
    {
        // Without this, the range test above could pass with outputs stuck in the middle.
        var random = new Random(12);
        var predictor = Saturated(5);
        var gains = Enumerable.Range(0, 100).SelectMany(_ => predictor.PredictValues(RandomStems(random), MixStyles.RockPunk)).Select(v => v[StripParameterSpace.Gain]).ToList();
        Assert.True(gains.Max() > 23.9 || gains.Min() < -23.9, $"gains {gains.Min():0.0}..{gains.Max():0.0}");
    }

    [Fact]
    public void The_order_the_stems_come_in_does_not_change_their_parameters()
    {
        var predictor = new MixPredictor(9);
        var random = new Random(5);
        var stems = new[] { "vocals", "drums", "keys", "bass", "guitar", "song" }.Select(n => new PredictorStem(n, RandomFeatures(random))).ToList();
        var given = predictor.PredictValues(stems, MixStyles.RockPunk);
        var reversed = predictor.PredictValues(stems.AsEnumerable().Reverse().ToList(), MixStyles.RockPunk);
        for (int i = 0; i < stems.Count; i++) Assert.Equal(given[i], reversed[stems.Count - 1 - i]);
        // Alphabetical, as a shell's *.wav gives them.
        var sorted = stems.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var alphabetical = predictor.PredictValues(sorted, MixStyles.RockPunk);
        for (int i = 0; i < sorted.Count; i++) Assert.Equal(given[stems.IndexOf(sorted[i])], alphabetical[i]);
    }

    [Fact]
    public void Too_many_stems_no_stems_and_an_unknown_style_are_refused_by_value()
    {
        var predictor = new MixPredictor(1);
        var random = new Random(1);
        var nine = Enumerable.Range(0, 9).Select(i => new PredictorStem($"s{i}", RandomFeatures(random))).ToList();
        Assert.Contains("9 stems", Assert.Throws<ArgumentException>(() => predictor.Predict(nine, MixStyles.RockPunk)).Message);
        Assert.Throws<ArgumentException>(() => predictor.Predict([], MixStyles.RockPunk));
        Assert.Contains("'polka'", Assert.Throws<ArgumentException>(() => predictor.Predict(nine.Take(2).ToList(), "polka")).Message);
    }

    [Fact]
    public void A_saved_predictor_loads_with_identical_predictions_and_its_training_record()
    {
        var predictor = new MixPredictor(7);
        predictor.Training["command"] = "train-mix-predictor --seed 7";
        predictor.Training["seed"] = 7;
        var path = Path.Combine(Path.GetTempPath(), $"mix-predictor-{Guid.NewGuid():N}.safetensors");
        try
        {
            predictor.Save(path);
            var loaded = MixPredictor.Load(path);
            var random = new Random(3);
            for (int trial = 0; trial < 20; trial++)
            {
                var stems = RandomStems(random);
                Assert.Equal(predictor.PredictValues(stems, MixStyles.RnbBallad), loaded.PredictValues(stems, MixStyles.RnbBallad));
            }
            Assert.Equal("train-mix-predictor --seed 7", loaded.Training["command"]!.GetValue<string>());
            Assert.Equal(7, loaded.Training["seed"]!.GetValue<int>());
            Assert.Contains("\"command\":\"train-mix-predictor --seed 7\"", SafeTensors.Load(path).Metadata["config"]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_shipped_model_loads_and_records_how_it_was_made()
    {
        var shipped = MixPredictor.Load(Path.Combine(RepositoryPaths.Root, "models", "mix-predictor.safetensors"));
        Assert.Contains("train-mix-predictor", shipped.Training["command"]!.GetValue<string>());
        Assert.Equal(1, shipped.Training["seed"]!.GetValue<int>());
        // The real songs' layout, which the training saw in every song: the lone guitar left of centre, the band centred.
        var guitar = new StemFeatures(-20, 12, 1800, 5, -19, -9, -1, -12, -50, false, 0, false);
        var band = new StemFeatures(-17, 14, 1400, 6, -16, -5, -2, -12, -50, false, 0, false);
        var strips = shipped.Predict([new PredictorStem("song", band), new PredictorStem("guitar", guitar)], MixStyles.RockPunk);
        Assert.Equal(0, strips[0].Pan, 0.1);
        Assert.Equal(-0.3, strips[1].Pan, 0.1);
    }

    [Fact]
    public void A_missing_model_file_is_refused_in_one_line_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.safetensors");
        var error = Assert.Throws<CheckpointException>(() => MixPredictor.Load(path));
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_file_of_another_shape_is_refused_in_one_line_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wrong-{Guid.NewGuid():N}.safetensors");
        try
        {
            // Another model's checkpoint.
            Checkpoint.Save(path, new Mlp([4, 8, 2], new Random(1)), "autofoh-something-else", "{}");
            var other = Assert.Throws<CheckpointException>(() => MixPredictor.Load(path));
            Assert.Contains(path, other.Message);
            Assert.DoesNotContain('\n', other.Message);

            // The predictor's format and configuration, but weights of another shape.
            var config = ConfigOfAFreshPredictor();
            Checkpoint.Save(path, new Mlp([4, 8, 2], new Random(1)), MixPredictor.Format, config);
            var shape = Assert.Throws<CheckpointException>(() => MixPredictor.Load(path));
            Assert.Contains(path, shape.Message);
            Assert.Contains("shape", shape.Message);
            Assert.DoesNotContain('\n', shape.Message);

            // A configuration of other layer sizes.
            Checkpoint.Save(path, new Mlp([4, 8, 2], new Random(1)), MixPredictor.Format, "{\"layer_sizes\":[4,8,2]}");
            var sizes = Assert.Throws<CheckpointException>(() => MixPredictor.Load(path));
            Assert.Contains(path, sizes.Message);
            Assert.Contains("[4,8,2]", sizes.Message);
        }
        finally { File.Delete(path); }
    }

    private static string ConfigOfAFreshPredictor()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fresh-{Guid.NewGuid():N}.safetensors");
        try
        {
            new MixPredictor(1).Save(path);
            return SafeTensors.Load(path).Metadata["config"];
        }
        finally { File.Delete(path); }
    }
}

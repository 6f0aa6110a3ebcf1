using AutoFoh.Mastering.Prediction;
using AutoFoh.Lab.Mastering;

namespace AutoFoh.Mastering.Tests.Prediction;

public class MixPredictorEvaluationTests
{
    private static MethodErrors Row(MixEvaluation evaluation, string method) => evaluation.Methods.Single(m => m.Method == method);

    [Fact]
    public void Leaving_the_strips_alone_is_off_by_exactly_each_perturbation()
    {
        var song = NoiseSongs.Make(1);
        var levels = new[] { -9.0, 3.0, 6.0 };
        var example = MixExampleGenerator.Make(song, levels.Select(l => new StemPerturbation(l, TiltDb: 4)).ToList(), 0, song.Frames);
        var evaluation = MixPredictorEvaluation.Evaluate(new MixPredictor(1), [example], new Dictionary<InstrumentRole, double>());
        var none = Row(evaluation, MixPredictorEvaluation.NoChange);
        Assert.Equal(6, none.GainDb.Median, 1e-9);                 // |−9|, |3|, |6|
        Assert.Equal(3, none.BalanceDb.Median, 1e-9);              // errors 9, −3, −6 less their median −3: 12, 0, 3
        Assert.Equal(2, none.ShelfDb.Median, 1e-9);                // a 4 dB tilt is undone by shelves of ±2 dB
        Assert.Equal(1.0, none.HighPassAccuracy);                  // no rumble, no high-pass: right
    }

    [Fact]
    public void Loudness_matching_restores_the_balance_but_not_a_change_of_the_whole_band()
    {
        var songs = Enumerable.Range(1, 4).Select(NoiseSongs.Make).ToList();
        var offsets = LoudnessMatching.RoleOffsetsLu(songs);
        Assert.Equal([InstrumentRole.Drums, InstrumentRole.Bass, InstrumentRole.Vocals], offsets.Keys.Order());
        // Every stem 5 dB up: the band rises with it, so matching to the band changes nothing.
        var examples = songs.Select(s => MixExampleGenerator.Make(s, s.Stems.Select(_ => new StemPerturbation(5, 0)).ToList(), 0, s.Frames)).ToList();
        var matched = Row(MixPredictorEvaluation.Evaluate(new MixPredictor(1), examples, offsets), MixPredictorEvaluation.LoudnessMatch);
        Assert.True(matched.BalanceDb.P90 < 1.5, $"balance error p90 {matched.BalanceDb.P90:0.00} dB (the songs' own ±1.5 dB spread)");
        Assert.Equal(5, matched.GainDb.Median, 1.5);
    }
}

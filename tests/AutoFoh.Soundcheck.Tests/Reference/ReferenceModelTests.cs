using AutoFoh.Audio;
using AutoFoh.Neural;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Tests.Gym;

namespace AutoFoh.Soundcheck.Tests.Reference;

public class ReferenceModelTests
{
    private static readonly Lazy<StemSet> Band = new(() => SyntheticSong.Make(60));
    private static readonly Lazy<ReferenceModel> Model = new(() => ReferenceModel.Build(Band.Value, seed: 3));

    private static StemSet WithGain(StemSet stems, string instrument, double gainDb)
    {
        float g = (float)Math.Pow(10, gainDb / 20);
        return new StemSet(stems.Name, stems.Instruments, stems.Samples.Select((s, i) => stems.Instruments[i] == instrument ? s.Select(v => v * g).ToArray() : s).ToArray(), stems.SampleRateHz);
    }

    [Fact]
    public void Both_predictors_are_scored_on_the_held_out_fifth_and_the_better_one_is_used()
    {
        var c = Model.Value.Config;
        Assert.Equal(60, c.Frames);
        Assert.Equal(12, c.TestFrames);
        Assert.True(c.TableTestMse > 0 && c.NetworksTestMse > 0);
        Assert.Equal(c.NetworksTestMse < c.TableTestMse ? "networks" : "table", c.Predictor);
    }

    [Fact]
    public void A_saved_model_loads_back_with_the_same_predictions()
    {
        string path = Path.Combine(Path.GetTempPath(), $"autofoh-ref-{Guid.NewGuid():N}.safetensors");
        try
        {
            Model.Value.Save(path);
            var loaded = ReferenceModel.Load(path);
            Assert.Equal(Model.Value.Instruments, loaded.Instruments);
            Assert.Equal(Model.Value.Config.Predictor, loaded.Config.Predictor);
            var a = new float[72];
            var b = new float[72];
            foreach (ulong mask in new ulong[] { 1, 3, 5, 7 })
            {
                Model.Value.Networks.Predict(mask, a); loaded.Networks.Predict(mask, b); Assert.Equal(a, b);
                Model.Value.Table.Predict(mask, a); loaded.Table.Predict(mask, b); Assert.Equal(a, b);
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_corrupt_model_file_is_refused_with_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), $"autofoh-bad-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            var error = Assert.Throws<CheckpointException>(() => ReferenceModel.Load(path));
            Assert.Contains(path, error.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(12.0, AdviceAction.Down)]
    [InlineData(-12.0, AdviceAction.Up)]
    public void A_guitar_12_dB_off_gets_the_right_advice_within_3_seconds_and_keeps_it(double errorDb, AdviceAction expected)
    {
        var advice = new StemSoundcheck(Model.Value).Run(WithGain(Band.Value, "guitar", errorDb)).Where(a => a.Instrument == "guitar").ToList();
        Assert.Equal(expected, advice[2].Action);
        double share = advice.Skip(2).Count(a => a.Action == expected) / (double)(advice.Count - 2);
        Assert.True(share >= 0.9, $"{expected} in {share:P0} of the seconds after the third");
        // The magnitude points back towards the reference balance.
        var offsets = advice.Skip(5).Where(a => a.Action == expected).Select(a => a.OffsetDb).ToList();
        double median = offsets.Order().ElementAt(offsets.Count / 2);
        Assert.True(Math.Abs(median + errorDb) <= 4, $"median offset {median:F1} dB for an error of {errorDb} dB");
    }

    [Fact]
    public void The_reference_balance_itself_gets_stay_most_of_the_time()
    {
        var advice = new StemSoundcheck(Model.Value).Run(Band.Value).Where(a => a.Instrument == "guitar").ToList();
        double stay = advice.Count(a => a.Action == AdviceAction.Stay) / (double)advice.Count;
        Assert.True(stay >= 0.8, $"stay in {stay:P0} of the seconds");
    }

    [Fact]
    public void A_live_stem_the_reference_does_not_know_is_named()
    {
        var live = new StemSet("live", ["guitar", "bass", "kazoo"], Band.Value.Samples, Band.Value.SampleRateHz);
        var error = Assert.Throws<ArgumentException>(() => new StemSoundcheck(Model.Value).Run(live).ToList());
        Assert.Contains("'kazoo'", error.Message);
        Assert.Contains("keys", error.Message);
    }

    [Fact]
    public void A_reference_of_one_stem_or_with_a_silent_stem_is_refused_by_the_loader()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            AudioFile.Write(Path.Combine(folder, "guitar.wav"), new AudioBuffer(16000, [Band.Value.Samples[0]]));
            Assert.Contains("at least two stems", Assert.Throws<AudioFormatException>(() => StemLoader.Load(folder)).Message);
            AudioFile.Write(Path.Combine(folder, "bass.wav"), new AudioBuffer(16000, [new float[16000]]));
            var silent = Assert.Throws<AudioFormatException>(() => StemLoader.Load(folder));
            Assert.Contains("bass.wav", silent.Message);
            Assert.Contains("silent", silent.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void Stems_of_different_rates_are_resampled_and_shorter_ones_padded_with_silence()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            AudioFile.Write(Path.Combine(folder, "guitar.wav"), new AudioBuffer(16000, [Band.Value.Samples[0][..32000]]));
            AudioFile.Write(Path.Combine(folder, "keys.wav"), new AudioBuffer(16000, [Band.Value.Samples[2][..16000]]));
            var bass = Resampler.Resample(new AudioBuffer(16000, [Band.Value.Samples[1][..32000]]), 8000);
            AudioFile.Write(Path.Combine(folder, "bass.wav"), bass);
            var stems = StemLoader.Load(folder);
            Assert.Equal(16000, stems.SampleRateHz);
            Assert.Equal(32000, stems.Length);
            Assert.Equal(["bass", "guitar", "keys"], stems.Instruments);
            Assert.All(stems.Samples[2][16000..], v => Assert.Equal(0f, v));
        }
        finally { Directory.Delete(folder, true); }
    }
}

using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Tests.Gym;

namespace AutoFoh.Soundcheck.Tests.LineCheck;

public class LineCheckTests
{
    private const int Rate = 16000;
    private static readonly Lazy<StemSet> Song = new(() => SyntheticSong.Make(60, Rate, seed: 3));

    [Fact]
    public void A_short_a_silent_and_a_clipped_take_are_refused_naming_the_instrument()
    {
        var noise = TestSignals.BandNoise(100, 4000, 0.1, Rate, 4 * Rate, 1);
        Assert.Contains("too short", Assert.Throws<LineCheckException>(() => LineCheckTakes.Check("bass", noise[..(2 * Rate)], Rate)).Message);
        var silent = Assert.Throws<LineCheckException>(() => LineCheckTakes.Check("keys", new float[4 * Rate], Rate));
        Assert.Equal("keys", silent.Instrument);
        Assert.Contains("silent", silent.Message);
        var clipped = noise.Select(v => Math.Clamp(v * 40, -1f, 1f)).ToArray();
        Assert.Contains("clipped", Assert.Throws<LineCheckException>(() => LineCheckTakes.Check("guitar", clipped, Rate)).Message);
        LineCheckTakes.Check("guitar", noise, Rate);
    }

    [Fact]
    public void Takes_of_a_passage_are_found_in_the_reference_even_quieter_and_coloured()
    {
        var song = Song.Value;
        var passages = ReferencePassages.Build(song);
        int start = 23 * Rate + Rate / 5;   // 23.2 s
        var takes = song.Samples.Select(s => s.AsSpan(start, 8 * Rate).ToArray().Select((v, k) => 0.3f * v + 0.1f * (k > 0 ? s[start + k - 1] : 0)).ToArray()).ToArray();
        var (found, correlation) = passages.Align(takes, Rate);
        Assert.InRange(found, 23.0, 23.4);
        Assert.True(correlation > 0.5, $"correlation {correlation:F2}");
    }

    [Fact]
    public void Solo_take_advice_finds_a_guitar_played_9_dB_too_loud()
    {
        var song = Song.Value;
        var model = ReferenceModel.Build(song, predictor: "table");
        int start = 12 * Rate, g = song.IndexOf("guitar");
        var takes = song.Samples.Select((s, i) => s.AsSpan(start, 10 * Rate).ToArray().Select(v => i == g ? v * 2.818f : v).ToArray()).ToArray();
        var aligned = new LineCheckTakes(song.Instruments, takes, Rate).Align(model, model.Passages);
        Assert.True(aligned.Found);
        Assert.InRange(aligned.SoloOffsetDb(g), -11, -7);
    }

    [Fact]
    public void Informed_tracking_reads_a_guitar_turned_up_9_dB_in_another_passage_from_what_the_reference_plays_there()
    {
        var song = Song.Value;
        var model = ReferenceModel.Build(song, predictor: "table");
        int g = song.IndexOf("guitar");
        var takes = song.Samples.Select(s => s.AsSpan(12 * Rate, 10 * Rate).ToArray()).ToArray();
        var aligned = new LineCheckTakes(song.Instruments, takes, Rate).Align(model, model.Passages);
        var tracker = new InformedTracker(model.Passages!, aligned);
        var window = new float[Rate];
        for (int i = 0; i < song.Count; i++)
            for (int k = 0; k < Rate; k++) window[k] += (i == g ? 2.818f : 1f) * song.Samples[i][35 * Rate + k];
        var changes = new double[song.Count];
        var resting = new bool[song.Count];
        tracker.Fit(window, model.Passages!.FrameAt(35), changes, resting);
        Assert.False(resting[g]);
        Assert.InRange(changes[g], 7.5, 10.5);
        for (int i = 0; i < song.Count; i++)
            if (i != g && !resting[i]) Assert.InRange(changes[i], -1.5, 1.5);
    }
}

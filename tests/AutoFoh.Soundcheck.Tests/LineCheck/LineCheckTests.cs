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
        var noise = Signals.BandNoise(100, 4000, 0.1, Rate, 4 * Rate, 1);
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

public class RoomNoiseTests
{
    private const int Rate = 16000;

    private static float[] White(double rms, int samples, int seed)
    {
        var random = new Random(seed);
        double scale = rms * Math.Sqrt(3);
        return Enumerable.Range(0, samples).Select(_ => (float)(scale * (2 * random.NextDouble() - 1))).ToArray();
    }

    [Fact]
    public void The_room_tone_takes_the_noise_out_and_leaves_a_partial_above_it_at_its_level()
    {
        var analysis = new AutoFoh.Soundcheck.Dominance.PerceptualDominance(Rate, 1);
        var noise = new RoomNoise(analysis, White(0.01, 3 * Rate, 1));
        var tone = Signals.Sine(1000, 0.05, Rate, Rate);
        var noisy = White(0.01, Rate, 2).Select((v, k) => v + tone[k]).ToArray();
        analysis.LoadMagnitudes(0, tone);
        float clean = analysis.Magnitudes(0)[1000];
        analysis.LoadMagnitudes(0, noisy);
        var magnitudes = analysis.Magnitudes(0).ToArray();
        noise.Subtract(magnitudes);
        Assert.InRange(20 * Math.Log10(magnitudes[1000] / clean), -1, 1);
        int survivors = magnitudes.Where((m, k) => Math.Abs(k - 1000) > 3 && m > 0).Count();
        Assert.True(survivors < 0.08 * magnitudes.Length, $"{survivors} of {magnitudes.Length} noise bins survived");
    }

    [Fact]
    public void With_the_room_tone_a_take_buried_in_noise_gets_the_whole_correction()
    {
        var song = SyntheticSong.Make(60, Rate, seed: 3);
        var model = ReferenceModel.Build(song, predictor: "table");
        int start = 12 * Rate, g = song.IndexOf("guitar");
        float quiet = (float)Math.Pow(10, -24 / 20.0);
        double loudest = song.Samples.Max(s => Math.Sqrt(s.AsSpan(start, 10 * Rate).ToArray().Average(v => (double)v * v)));
        double noiseRms = loudest * Math.Pow(10, -32 / 20.0);   // the guitar's take sits about at the noise
        var takes = song.Samples.Select((s, i) => s.AsSpan(start, 10 * Rate).ToArray().Select((v, k) => (i == g ? quiet * v : v)).ToArray())
            .Select((t, i) => { var n = White(noiseRms, t.Length, 10 + i); return t.Select((v, k) => v + n[k]).ToArray(); }).ToArray();
        var roomTone = White(noiseRms, 3 * Rate, 99);
        double without = new LineCheckTakes(song.Instruments, takes, Rate).Align(model, model.Passages).SoloOffsetDb(g);
        double with = new LineCheckTakes(song.Instruments, takes, Rate, roomTone).Align(model, model.Passages).SoloOffsetDb(g);
        Assert.InRange(with, 21, 27);
        Assert.True(Math.Abs(with - 24) < Math.Abs(without - 24), $"with the room tone {with:0.0} dB, without {without:0.0} dB (true 24)");
    }

    [Fact]
    public void A_room_tone_too_short_or_clipped_is_refused()
    {
        Assert.Contains("too short", Assert.Throws<LineCheckException>(() => LineCheckTakes.CheckRoomTone(new float[Rate / 2], Rate)).Message);
        var clipped = Enumerable.Repeat(1f, 2 * Rate).ToArray();
        Assert.Contains("clipped", Assert.Throws<LineCheckException>(() => LineCheckTakes.CheckRoomTone(clipped, Rate)).Message);
        LineCheckTakes.CheckRoomTone(White(0.001, 2 * Rate, 3), Rate);
    }
}

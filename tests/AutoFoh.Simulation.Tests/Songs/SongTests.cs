using AutoFoh.Audio;
using AutoFoh.Dsp.Features;
using AutoFoh.Simulation.Songs;

namespace AutoFoh.Simulation.Tests.Songs;

public class SongTests
{
    [Fact]
    public void Midi_written_then_read_back_gives_the_same_notes_and_tempo()
    {
        var notes = new List<MidiNote> { new(60, 100, 0, 480, 0), new(64, 90, 240, 960, 0), new(36, 110, 1920, 120, 9) };
        var bytes = MidiFile.Write(123.0, [new MidiFile.Track("part", 0, 29, notes.Where(n => n.Channel == 0).ToList()), new MidiFile.Track("drums", 9, 0, notes.Where(n => n.Channel == 9).ToList())]);
        var (tempo, back) = MidiFile.Read(bytes);
        Assert.Equal(123.0, tempo, 0.01);
        Assert.Equal(notes.OrderBy(n => n.StartTicks), back.OrderBy(n => n.StartTicks));
    }

    [Fact]
    public void The_same_seed_writes_the_same_song_and_another_seed_a_different_one()
    {
        byte[] Bytes(int seed) => SongGenerator.Generate("rock", seed, 30).Parts.SelectMany(p => MidiFile.Write(120, [p])).ToArray();
        Assert.Equal(Bytes(5), Bytes(5));
        Assert.NotEqual(Bytes(5), Bytes(6));
    }

    [Theory]
    [InlineData("rock")]
    [InlineData("metal")]
    [InlineData("punk")]
    [InlineData("ballad")]
    [InlineData("pop")]
    [InlineData("funk")]
    public void Every_style_fills_the_song_with_sections_in_which_who_plays_changes(string style)
    {
        var spec = SongGenerator.Generate(style, 1, 90);
        Assert.Equal(0, spec.Sections[0].StartSeconds);
        Assert.True(spec.Sections[^1].EndSeconds >= 89.9);
        Assert.True(spec.Sections.Select(s => string.Join(",", s.Playing.Order())).Distinct().Count() >= 3, "who plays should change across sections");
        foreach (var part in spec.Parts.Where(p => p.Name is "drums" or "bass" or "guitar" or "vocals"))
            Assert.True(part.Notes.Count > 20, $"{style}: {part.Name} has {part.Notes.Count} notes");
        Assert.All(spec.Parts.SelectMany(p => p.Notes), n => Assert.InRange(n.Key, 0, 127));
    }

    [Fact]
    public void A_rendered_song_has_equal_length_stems_that_sound_like_their_instruments()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"autofoh-song-{Guid.NewGuid():N}");
        try
        {
            var spec = SongGenerator.Generate("rock", 3, 8);
            StemRenderer.Render(spec, folder);
            var stems = Directory.GetFiles(folder, "*.wav").ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, AudioFile.ReadAll);
            Assert.Contains("bass", stems.Keys);
            Assert.Contains("drums", stems.Keys);
            Assert.All(stems.Values, s => Assert.Equal(8 * 44100, s.Frames));
            Assert.All(stems.Values, s => Assert.True(AudioFeatures.RmsDbfs(s[0], 1) > -60, "a stem is silent"));
            double Centroid(string name) => AudioFeatures.SpectralCentroidHz(stems[name][0], 1, 44100);
            double Crest(string name) => AudioFeatures.CrestFactorDb(stems[name][0], 1);
            Assert.True(Centroid("bass") < Centroid("guitar"), $"bass {Centroid("bass"):F0} Hz vs guitar {Centroid("guitar"):F0} Hz");
            Assert.True(Crest("drums") > Crest("guitar"), $"drums crest {Crest("drums"):F1} dB vs guitar {Crest("guitar"):F1} dB");
            Assert.True(File.Exists(Path.Combine(folder, "song.json")));
            // Cached: a second render does not touch the files.
            var written = File.GetLastWriteTimeUtc(Path.Combine(folder, "bass.wav"));
            StemRenderer.Render(spec, folder);
            Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folder, "bass.wav")));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Without_fluidsynth_rendering_says_so_and_leaves_nothing_behind()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"autofoh-song-{Guid.NewGuid():N}");
        string? saved = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", "/nonexistent");
            var error = Assert.Throws<FileNotFoundException>(() => StemRenderer.Render(SongGenerator.Generate("pop", 1, 6), folder));
            Assert.Contains("fluidsynth", error.Message);
            Assert.False(Directory.Exists(folder));
            Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), Path.GetFileName(folder) + ".partial-*"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", saved);
        }
    }
}

using System.Text.Json;
using AutoFoh.Audio;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>One stem of a song at its intended balance: its name and its planar channels.</summary>
public sealed record MixStem(string Name, float[][] Channels)
{
    public InstrumentRole Role => InstrumentRoles.FromStemName(Name);
    public int Frames => Channels[0].Length;
}

/// <summary>A multitrack whose stems sit at the balance they were meant to have: the predictor's training and test material.</summary>
public sealed record MixSong(string Name, string Style, double SampleRateHz, IReadOnlyList<MixStem> Stems)
{
    public int Frames => Stems.Min(s => s.Frames);

    /// <summary>
    /// The layout of the real songs: <paramref name="kept"/> alone and every other stem summed into one named
    /// "song" (the rest of the band, role Other), at the same balance. Null when the song has no such stem
    /// or nothing else.
    /// </summary>
    public MixSong? WithBackingStem(string kept = "guitar")
    {
        var solo = Stems.FirstOrDefault(s => s.Name == kept);
        var rest = Stems.Where(s => s.Name != kept).ToList();
        if (solo is null || rest.Count == 0) return null;
        int channels = Stems.Max(s => s.Channels.Length), frames = Frames;
        var backing = Enumerable.Range(0, channels).Select(_ => new float[frames]).ToArray();
        foreach (var stem in rest)
            for (int c = 0; c < channels; c++)
            {
                var source = stem.Channels[Math.Min(c, stem.Channels.Length - 1)];
                for (int n = 0; n < frames; n++) backing[c][n] += source[n];
            }
        return this with { Name = Name + "+backing", Stems = [solo, new MixStem("song", backing)] };
    }

    /// <summary>
    /// A song rendered by AutoFoh.Simulation (a stems folder with song.json): its instruments at the song
    /// generator's balance, the mix style from the song's style (<see cref="MixStyles.ForSongStyle"/>).
    /// </summary>
    public static MixSong LoadRendered(string folder)
    {
        string json = Path.Combine(folder, "song.json");
        if (!File.Exists(json)) throw new FileNotFoundException($"{folder}: not a rendered song (no song.json)");
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        string style = root.GetProperty("style").GetString() ?? throw new FormatException($"{json}: no style");
        var names = root.GetProperty("instruments").EnumerateArray().Select(e => e.GetString()!).ToList();
        int rate = 0;
        var stems = new List<MixStem>();
        foreach (var name in names)
        {
            var audio = AudioFile.ReadAll(Path.Combine(folder, name + ".wav"));
            if (rate != 0 && audio.SampleRateHz != rate) throw new FormatException($"{folder}: {name}.wav is at {audio.SampleRateHz} Hz, the other stems at {rate} Hz");
            rate = audio.SampleRateHz;
            stems.Add(new MixStem(name, audio.Data));
        }
        if (stems.Count == 0) throw new FormatException($"{json}: no instruments");
        return new MixSong(root.GetProperty("name").GetString() ?? Path.GetFileName(folder), MixStyles.ForSongStyle(style), rate, stems);
    }

    /// <summary>
    /// A stems folder (one audio file per instrument, e.g. the real songs' guitar.ogg and song.ogg) with a
    /// style given, cut to [<paramref name="startSeconds"/>, + <paramref name="seconds"/>) and to its shortest stem.
    /// </summary>
    public static MixSong LoadStemsFolder(string folder, string style, double startSeconds = 0, double seconds = double.PositiveInfinity)
    {
        MixStyles.IndexOf(style);
        var files = AudioFile.InFolder(folder);
        if (files.Length == 0) throw new FileNotFoundException($"{folder}: no audio files");
        var audio = files.Select(AudioFile.ReadAll).ToList();
        int rate = audio[0].SampleRateHz;
        for (int i = 1; i < audio.Count; i++)
            if (audio[i].SampleRateHz != rate) throw new FormatException($"{files[i]}: {audio[i].SampleRateHz} Hz, {files[0]} is at {rate} Hz");
        int shortest = audio.Min(a => a.Frames);
        int start = (int)Math.Min(shortest, Math.Round(startSeconds * rate));
        int length = (int)Math.Min(shortest - start, double.IsPositiveInfinity(seconds) ? int.MaxValue : Math.Round(seconds * rate));
        var stems = files.Select((f, i) => new MixStem(Path.GetFileNameWithoutExtension(f), audio[i].Data.Select(c => c.AsSpan(start, length).ToArray()).ToArray())).ToList();
        return new MixSong(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), style, rate, stems);
    }
}

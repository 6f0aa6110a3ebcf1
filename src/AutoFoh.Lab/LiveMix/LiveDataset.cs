using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// Builds the automixer's data: from every stems folder (a rendered song with its song.json style, or a
/// real song: "original" balance), <c>perSong</c> live multitrack folders of <c>seconds</c> each, every one
/// with its own stage, staging and excerpt, reproducible from the seed.
/// </summary>
public static class LiveDataset
{
    public static IReadOnlyList<string> Build(IReadOnlyList<string> stemsFolders, string output, BalanceTargets targets, int perSong, double seconds, int seed, IProgress<double>? progress = null)
    {
        var written = new List<string>();
        int total = stemsFolders.Count * perSong, done = 0;
        for (int s = 0; s < stemsFolders.Count; s++)
        {
            string folder = stemsFolders[s];
            var files = AudioFile.InFolder(folder);
            if (files.Length < 2) throw new InvalidDataException($"{folder}: needs at least two stems");
            var buffers = files.Select(AudioFile.ReadAll).ToArray();
            int rate = buffers[0].SampleRateHz;
            var bad = Array.FindIndex(buffers, b => b.SampleRateHz != rate);
            if (bad >= 0) throw new InvalidDataException($"{files[bad]} is at {buffers[bad].SampleRateHz} Hz, {files[0]} at {rate} Hz");
            var instruments = files.Select(Path.GetFileNameWithoutExtension).ToArray()!;
            var stems = buffers.Select(b => b.Mono()).ToArray();
            string style = Style(folder);
            var target = targets.For(style, instruments!);
            int length = stems.Max(x => x.Length), excerpt = Math.Min(length, (int)(seconds * rate));
            for (int k = 0; k < perSong; k++)
            {
                int songSeed = seed * 1000 + s * 37 + k;
                var random = new Random(songSeed);
                int start = random.Next(0, Math.Max(1, length - excerpt));
                var dry = stems.Select(x => Slice(x, start, excerpt)).ToArray();
                string name = $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}-{k + 1}";
                string destination = Path.Combine(output, name);
                LiveMultitrack.Write(instruments!, dry, rate, style, target, songSeed, destination);
                written.Add(destination);
                progress?.Report(++done / (double)total);
            }
        }
        return written;
    }

    private static float[] Slice(float[] x, int start, int length)
    {
        var slice = new float[length];
        if (start < x.Length) x.AsSpan(start, Math.Min(length, x.Length - start)).CopyTo(slice);
        return slice;
    }

    /// <summary>The style of a rendered song (its song.json), "original" for anything else.</summary>
    private static string Style(string folder)
    {
        string file = Path.Combine(folder, "song.json");
        if (!File.Exists(file)) return "original";
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.TryGetProperty("style", out var style) && style.GetString() is { Length: > 0 } s ? s : "original";
    }
}

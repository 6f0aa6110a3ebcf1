using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.LiveMix.Data;

/// <summary>One live multitrack folder, loaded: the channels, the target and, when the folder was made by
/// <see cref="LiveMultitrack"/>, the dry stems and the recipe.</summary>
public sealed record LiveFolder(string Path, string[] Channels, float[][] Inputs, float[] Target, int SampleRateHz, LiveRecipe? Recipe, float[][]? Dry)
{
    /// <summary>Loads <paramref name="folder"/>; channels of different lengths or rates are refused naming the files.</summary>
    public static LiveFolder Load(string folder)
    {
        string inputs = System.IO.Path.Combine(folder, "inputs");
        if (!Directory.Exists(inputs)) throw new DirectoryNotFoundException($"{folder}: not a live multitrack folder (no inputs/)");
        var files = AudioFile.InFolder(inputs);
        if (files.Length == 0) throw new InvalidDataException($"{inputs}: no audio files");
        var buffers = files.Select(AudioFile.ReadAll).ToArray();
        for (int c = 1; c < files.Length; c++)
        {
            if (buffers[c].SampleRateHz != buffers[0].SampleRateHz)
                throw new InvalidDataException($"{files[c]} is at {buffers[c].SampleRateHz} Hz, {files[0]} at {buffers[0].SampleRateHz} Hz: live channels must share one rate");
            if (buffers[c].Frames != buffers[0].Frames)
                throw new InvalidDataException($"{files[c]} has {buffers[c].Frames} samples, {files[0]} has {buffers[0].Frames}: live channels must be equally long");
        }
        int rate = buffers[0].SampleRateHz;
        string targetFile = System.IO.Path.Combine(folder, "target.wav");
        float[] target = File.Exists(targetFile) ? AudioFile.ReadAll(targetFile).Mono() : [];
        if (target.Length > 0 && target.Length != buffers[0].Frames) throw new InvalidDataException($"{targetFile} has {target.Length} samples, the channels {buffers[0].Frames}");
        string recipeFile = System.IO.Path.Combine(folder, "live.json");
        var names = files.Select(System.IO.Path.GetFileNameWithoutExtension).ToArray()!;
        LiveRecipe? recipe = null;
        float[][]? dry = null;
        if (File.Exists(recipeFile))
        {
            recipe = JsonSerializer.Deserialize<LiveRecipe>(File.ReadAllText(recipeFile)) ?? throw new InvalidDataException($"{recipeFile}: empty");
            // Channels in the recipe's order, and the dry stems for the per-instrument figures.
            var order = recipe.Instruments.Select(i => Array.FindIndex(names, n => string.Equals(n, i, StringComparison.OrdinalIgnoreCase))).ToArray();
            if (order.Any(i => i < 0)) throw new InvalidDataException($"{recipeFile}: instruments {string.Join(", ", recipe.Instruments)} do not match inputs/ ({string.Join(", ", names)})");
            buffers = order.Select(i => buffers[i]).ToArray();
            names = recipe.Instruments;
            dry = recipe.Instruments.Select(i => AudioFile.ReadAll(System.IO.Path.Combine(folder, "stems", i + ".wav")).Mono()).ToArray();
        }
        return new LiveFolder(folder, names!, buffers.Select(b => b.Mono()).ToArray(), target, rate, recipe, dry);
    }

}

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

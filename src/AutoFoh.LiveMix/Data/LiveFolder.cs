using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.LiveMix.Data;

/// <summary>One live multitrack folder, loaded: the channels, the target and, when the folder was made by
/// the lab's simulator (with live.json), the dry stems and the recipe.</summary>
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

using System.Text.Json;
using AutoFoh.Audio;
using AutoFoh.LiveMix.Data;
using AutoFoh.Simulation.Scenes;

namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// Makes live multitrack folders (DESIGN.md): <c>inputs/&lt;instrument&gt;.wav</c> (each close microphone: its
/// instrument, the others' bleed through a random stage, a random gain staging of ±20 dB, noise),
/// <c>target.wav</c> (the dry instruments at the style's balance) and, for the per-instrument figures,
/// <c>stems/&lt;instrument&gt;.wav</c> (the dry instruments) and <c>live.json</c>. Reproducible from the seed.
/// </summary>
public static class LiveMultitrack
{
    public const double StagingRangeDb = 20;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static LiveRecipe Write(IReadOnlyList<string> instruments, IReadOnlyList<float[]> dry, int sampleRateHz, string style, double[] targetDb, int seed, string folder)
    {
        var random = new Random(seed);
        var scene = StageScene.RandomBar(instruments, random, sampleRateHz);
        int n = instruments.Count, length = dry.Max(d => d.Length);
        var staging = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2 - 1) * StagingRangeDb).ToArray();
        double noiseDbfs = -75 + 10 * random.NextDouble();
        var bleed = new double[n][];
        for (int c = 0; c < n; c++)
        {
            bleed[c] = new double[n];
            for (int i = 0; i < n; i++)
            {
                var response = scene.ImpulseResponse(i, scene.CloseMicrophones[c], $"close{c}");
                bleed[c][i] = response.Sum(h => (double)h * h);
            }
        }
        string partial = folder + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(Path.Combine(partial, "inputs"));
        Directory.CreateDirectory(Path.Combine(partial, "stems"));
        // The close microphones are normalised so that the loudest own-instrument path is unity before staging.
        double reference = Math.Sqrt(Enumerable.Range(0, n).Max(c => bleed[c][c]));
        var noise = new Random(seed + 1);
        for (int c = 0; c < n; c++)
        {
            var channel = scene.RenderCloseMicrophone(dry, c);
            float gain = (float)(Math.Pow(10, staging[c] / 20) / reference);
            double noiseAmplitude = Math.Pow(10, noiseDbfs / 20) * Math.Sqrt(3);
            for (int k = 0; k < channel.Length; k++) channel[k] = channel[k] * gain + (float)(noiseAmplitude * (2 * noise.NextDouble() - 1));
            AudioFile.Write(Path.Combine(partial, "inputs", instruments[c] + ".wav"), new AudioBuffer(sampleRateHz, [channel]));
        }
        var target = new float[length];
        for (int i = 0; i < n; i++)
        {
            float gain = (float)Math.Pow(10, targetDb[i] / 20);
            for (int k = 0; k < dry[i].Length; k++) target[k] += gain * dry[i][k];
            AudioFile.Write(Path.Combine(partial, "stems", instruments[i] + ".wav"), new AudioBuffer(sampleRateHz, [dry[i]]));
        }
        AudioFile.Write(Path.Combine(partial, "target.wav"), new AudioBuffer(sampleRateHz, [target]));
        var recipe = new LiveRecipe
        {
            Seed = seed, Style = style, Instruments = instruments.ToArray(), SampleRateHz = sampleRateHz,
            StagingDb = staging, BleedEnergy = bleed.Select(row => row.Select(e => e / (reference * reference)).ToArray()).ToArray(),
            TargetDb = targetDb, NoiseDbfs = noiseDbfs,
        };
        File.WriteAllText(Path.Combine(partial, "live.json"), JsonSerializer.Serialize(recipe, Indented));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(partial, folder);
        return recipe;
    }
}

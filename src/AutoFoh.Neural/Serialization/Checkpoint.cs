using System.Globalization;
using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Serialization;

/// <summary>
/// A model saved as safetensors with its configuration (JSON) in the header's metadata under "config",
/// plus "format" and "format_version", so one file says how to rebuild the model and holds its weights.
/// A checkpoint whose weights are not finite or absurdly large is refused when it is read, naming the file
/// and the tensor: a model of NaN weights would otherwise load and mix silently.
/// </summary>
public static class Checkpoint
{
    public const string FormatVersion = "1";

    /// <summary>
    /// The largest |weight| a checkpoint may hold. The shipped models stay under 1.2 (models/*.safetensors,
    /// the soundcheck reference nets under 0.6). Adam moves a weight by at most about 3.2·lr a step
    /// (lr·(1−β1)/√(1−β2) for β 0.9/0.999), so even 10⁵ steps at lr 1, a rate that diverges, stay under 1e6;
    /// a weight past it is a damaged file or a run that blew up, and a few layers of such weights on audio
    /// features overflow float32 (3.4e38) or saturate every sigmoid, which mixes as silently as NaN.
    /// </summary>
    public const float MaxAbsWeight = 1e6f;

    public static void Save(string path, Module model, string format, string configJson) =>
        SafeTensors.Save(path, model.NamedParameters(), new Dictionary<string, string>
        {
            ["format"] = format,
            ["format_version"] = FormatVersion,
            ["config"] = configJson,
        });

    /// <summary>Reads the configuration, for building the model before <see cref="LoadInto"/>; every weight is checked (<see cref="CheckWeights"/>).</summary>
    public static (string ConfigJson, Dictionary<string, Tensor> Tensors) Read(string path, string expectedFormat)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        if (!metadata.TryGetValue("format", out var format) || format != expectedFormat)
            throw new CheckpointException($"{path}: not a {expectedFormat} checkpoint (format '{format ?? "none"}')");
        if (!metadata.TryGetValue("format_version", out var version) || version != FormatVersion)
            throw new CheckpointException($"{path}: checkpoint format version {version ?? "none"} is not supported (expected {FormatVersion})");
        if (!metadata.TryGetValue("config", out var config)) throw new CheckpointException($"{path}: the checkpoint has no configuration");
        CheckWeights(path, tensors);
        return (config, tensors);
    }

    public static void LoadInto(string path, Module model, IReadOnlyDictionary<string, Tensor> tensors)
    {
        try { model.LoadStateDict(tensors); }
        catch (CheckpointException error) { throw new CheckpointException($"{path}: {error.Message}"); }
    }

    /// <summary>
    /// Refuses <paramref name="tensors"/> (read from, or about to be written to, <paramref name="path"/>) when
    /// a value is NaN or infinite, or its magnitude is over <paramref name="maxAbs"/>; the message names the
    /// file, the tensor (the first by name) and the index.
    /// </summary>
    public static void CheckWeights(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, float maxAbs = MaxAbsWeight)
    {
        if (FirstBadValue(tensors, maxAbs) is { } bad) throw new CheckpointException($"{path}: {bad}");
    }

    /// <summary>
    /// "tensor 'NAME' has a non-finite value (NaN at index I)" or "... has an absurd value (V at index I; ...)"
    /// for the first such value in name order, or null when every value is finite and within ±<paramref name="maxAbs"/>.
    /// </summary>
    public static string? FirstBadValue(IEnumerable<KeyValuePair<string, Tensor>> tensors, float maxAbs = MaxAbsWeight)
    {
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var data = tensor.Data;
            for (int i = 0; i < data.Length; i++)
            {
                float v = data[i];
                if (!float.IsFinite(v)) return $"tensor '{name}' has a non-finite value ({v.ToString(CultureInfo.InvariantCulture)} at index {i})";
                if (Math.Abs(v) > maxAbs)
                    return $"tensor '{name}' has an absurd value ({v.ToString("G3", CultureInfo.InvariantCulture)} at index {i}; a trained weight stays within ±{maxAbs.ToString("G3", CultureInfo.InvariantCulture)})";
            }
        }
        return null;
    }
}

using AutoFoh.Neural.Modules;

namespace AutoFoh.Neural.Serialization;

/// <summary>
/// A model saved as safetensors with its configuration (JSON) in the header's metadata under "config",
/// plus "format" and "format_version", so one file says how to rebuild the model and holds its weights.
/// </summary>
public static class Checkpoint
{
    public const string FormatVersion = "1";

    public static void Save(string path, Module model, string format, string configJson) =>
        SafeTensors.Save(path, model.NamedParameters(), new Dictionary<string, string>
        {
            ["format"] = format,
            ["format_version"] = FormatVersion,
            ["config"] = configJson,
        });

    /// <summary>Reads the configuration, for building the model before <see cref="LoadInto"/>.</summary>
    public static (string ConfigJson, Dictionary<string, Tensor> Tensors) Read(string path, string expectedFormat)
    {
        var (tensors, metadata) = SafeTensors.Load(path);
        if (!metadata.TryGetValue("format", out var format) || format != expectedFormat)
            throw new CheckpointException($"{path}: not a {expectedFormat} checkpoint (format '{format ?? "none"}')");
        if (!metadata.TryGetValue("format_version", out var version) || version != FormatVersion)
            throw new CheckpointException($"{path}: checkpoint format version {version ?? "none"} is not supported (expected {FormatVersion})");
        if (!metadata.TryGetValue("config", out var config)) throw new CheckpointException($"{path}: the checkpoint has no configuration");
        return (config, tensors);
    }

    public static void LoadInto(string path, Module model, IReadOnlyDictionary<string, Tensor> tensors)
    {
        try { model.LoadStateDict(tensors); }
        catch (CheckpointException error) { throw new CheckpointException($"{path}: {error.Message}"); }
    }
}

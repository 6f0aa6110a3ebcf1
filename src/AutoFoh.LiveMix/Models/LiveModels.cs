using System.Text.Json;
using System.Text.Json.Nodes;
using AutoFoh.Neural;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.LiveMix.Models;

/// <summary>
/// The learned mixers' checkpoints: safetensors whose metadata holds the model's configuration and how it
/// was trained (command, seed, data, steps), so a shipped model says how to make it again. A models folder
/// holds <c>alm.safetensors</c>, <c>alm-sr.safetensors</c> and <c>dmc.safetensors</c>.
/// </summary>
public static class LiveModels
{
    public const string AiLiveFormat = "autofoh-ailive", DmcFormat = "autofoh-dmc";
    public static readonly string[] LearnedNames = ["alm", "alm-sr", "dmc"];

    public static string FileFor(string folder, string name) => Path.Combine(folder, name + ".safetensors");

    /// <summary>Saves <paramref name="model"/>; weights a load would refuse (<see cref="Checkpoint.CheckWeights"/>) are refused here, before anything is written.</summary>
    public static void Save(string path, AiLiveModel model, JsonObject training) =>
        Write(path, model, p => Checkpoint.Save(p, model, AiLiveFormat, new JsonObject
        {
            ["model"] = JsonSerializer.SerializeToNode(model.Config),
            ["training"] = training,
        }.ToJsonString()));

    public static void Save(string path, DmcModel model, JsonObject training) =>
        Write(path, model, p => Checkpoint.Save(p, model, DmcFormat, new JsonObject { ["training"] = training }.ToJsonString()));

    private static void Write(string path, Neural.Modules.Module model, Action<string> save)
    {
        Checkpoint.CheckWeights(path, model.StateDict());
        Write(path, save);
    }

    public static (AiLiveModel Model, JsonObject Config) LoadAiLive(string path)
    {
        var (json, tensors) = Checkpoint.Read(path, AiLiveFormat);
        var config = ParseConfig(path, json);
        AiLiveConfig modelConfig;
        try { modelConfig = config["model"]?.Deserialize<AiLiveConfig>() ?? throw new CheckpointException($"{path}: the configuration has no model"); }
        catch (JsonException error) { throw new CheckpointException($"{path}: corrupt model configuration: {error.Message.Split('\n')[0]}"); }
        var model = new AiLiveModel(modelConfig, new Random(0));
        Checkpoint.LoadInto(path, model, tensors);
        model.Eval();
        return (model, config);
    }

    public static (DmcModel Model, JsonObject Config) LoadDmc(string path)
    {
        var (json, tensors) = Checkpoint.Read(path, DmcFormat);
        var model = new DmcModel(new Random(0));
        Checkpoint.LoadInto(path, model, tensors);
        model.Eval();
        return (model, ParseConfig(path, json));
    }

    private static JsonObject ParseConfig(string path, string json)
    {
        try { return JsonNode.Parse(json) as JsonObject ?? throw new CheckpointException($"{path}: the configuration is not a JSON object"); }
        catch (JsonException error) { throw new CheckpointException($"{path}: corrupt configuration: {error.Message.Split('\n')[0]}"); }
    }

    /// <summary>Writes beside the destination and moves it into place, so an interrupted save never leaves half a checkpoint.</summary>
    public static void Write(string path, Action<string> save)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        string partial = path + ".partial";
        save(partial);
        File.Move(partial, path, overwrite: true);
    }
}

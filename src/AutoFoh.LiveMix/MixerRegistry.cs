using AutoFoh.LiveMix.Mixers;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;

namespace AutoFoh.LiveMix;

/// <summary>
/// Every live mixer by name, for the engine, the evaluation and the commands: the classic automixers
/// (unity, Dugan gain sharing, loudness balancing) and the learned ones (alm, alm-sr, dmc), whose
/// checkpoints are read once from a models folder and shared by every mixer made from them.
/// </summary>
public sealed class MixerRegistry(string modelsFolder)
{
    /// <summary>Every mixer's name, in the order the commands list them.</summary>
    public static readonly string[] Names = ["alm", "alm-sr", "dmc", "dugan", "loudness", "unity"];

    /// <summary>The mixers that need no checkpoint.</summary>
    public static readonly string[] ClassicNames = ["dugan", "loudness", "unity"];

    private readonly Dictionary<string, object> _models = [];
    private readonly Lock _lock = new();

    /// <summary>The folder the learned mixers' checkpoints are read from.</summary>
    public string ModelsFolder => modelsFolder;

    /// <summary>The checkpoint a learned mixer is read from.</summary>
    public string CheckpointFor(string name) => LiveModels.FileFor(modelsFolder, name);

    /// <summary>Whether <paramref name="name"/> can be made here: a classic mixer, or a learned one whose checkpoint exists.</summary>
    public bool IsAvailable(string name) => ClassicNames.Contains(name) || (Names.Contains(name) && File.Exists(CheckpointFor(name)));

    /// <summary>
    /// Why <paramref name="name"/> cannot be made, as the end of one line after the option that named it
    /// ("not a mixer (...)", "no checkpoint ... (make one with ...)", "FILE: tensor 'T' has a non-finite
    /// value ..."); null when it can. A learned mixer's checkpoint is read and checked here (once; the mixers
    /// made later share it), so a damaged one stops a show before it starts instead of mixing as unity.
    /// </summary>
    public string? Problem(string name)
    {
        if (!Names.Contains(name)) return $"not a mixer ({string.Join(", ", Names)})";
        if (!IsAvailable(name)) return $"no checkpoint {CheckpointFor(name)} (make one with `./autofoh livemix train --model {name}`)";
        if (ClassicNames.Contains(name)) return null;
        try
        {
            Model(name);
            return null;
        }
        catch (CheckpointException error)
        {
            return error.Message;
        }
    }

    /// <summary>
    /// A new mixer. <paramref name="loudnessTargetsDb"/> are the style's balance the loudness balancer aims
    /// at (each channel's level relative to the band's mean; null: all equal).
    /// </summary>
    public ILiveMixer Create(string name, double[]? loudnessTargetsDb = null) =>
        ClassicNames.Contains(name) ? CreateClassic(name, loudnessTargetsDb)
        : name is "alm" or "alm-sr" or "dmc" ? CreateLearned(name)
        : throw new ArgumentException($"mixer '{name}': unknown (mixers: {string.Join(", ", Names)})");

    /// <summary>The mixer that takes over when another fails: Dugan gain sharing, which needs no model.</summary>
    public const string FallbackName = "dugan";

    /// <summary>A new classic mixer (no checkpoint, no models folder): one of <see cref="ClassicNames"/>.</summary>
    public static ILiveMixer CreateClassic(string name, double[]? loudnessTargetsDb = null) => name switch
    {
        "unity" => new UnityMixer(),
        "dugan" => new DuganMixer(),
        "loudness" => new LoudnessMixer { TargetsDb = loudnessTargetsDb },
        _ => throw new ArgumentException($"mixer '{name}': not a classic mixer ({string.Join(", ", ClassicNames)})"),
    };

    private ILiveMixer CreateLearned(string name)
    {
        object model = Model(name);
        return model is DmcModel dmc ? new DmcMixer(dmc) : new AiLiveMixer((AiLiveModel)model);
    }

    /// <summary>The learned model <paramref name="name"/>, read (and its weights checked) on first use; a <see cref="CheckpointException"/> names the file and the tensor.</summary>
    private object Model(string name)
    {
        lock (_lock)
        {
            if (!_models.TryGetValue(name, out var model))
            {
                string path = CheckpointFor(name);
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no trained '{name}' model (make one with `autofoh livemix train --model {name}`)", path);
                _models[name] = model = name == "dmc" ? LiveModels.LoadDmc(path).Model : LiveModels.LoadAiLive(path).Model;
            }
            return model;
        }
    }
}

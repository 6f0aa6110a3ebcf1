using System.Text.Json.Nodes;
using AutoFoh.LiveMix.Models;
using AutoFoh.Neural;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.LiveMix.Tests;

/// <summary>A learned mixer's checkpoint with a weight that is not finite, or absurd, is refused where it is read, before a show.</summary>
public sealed class CheckpointCheckTests : IDisposable
{
    private readonly TempFolder _models = new();

    public void Dispose() => _models.Dispose();

    /// <summary>A good checkpoint of <paramref name="name"/> with one value of <paramref name="tensor"/> replaced by <paramref name="bad"/>.</summary>
    private string Damaged(string name, string tensor, int index, float bad)
    {
        string path = LiveModels.FileFor(_models.Path, name);
        if (name == "dmc") LiveModels.Save(path, new DmcModel(new Random(1)), []);
        else LiveModels.Save(path, new AiLiveModel(name == "alm" ? AiLiveConfig.MultiRate : AiLiveConfig.SingleRate, new Random(1)), new JsonObject());
        var (tensors, metadata) = SafeTensors.Load(path);
        tensors[tensor].Data[index] = bad;
        SafeTensors.Save(path, tensors.Select(t => (t.Key, t.Value)), metadata);
        return path;
    }

    [Theory]
    [InlineData("alm", "encoder1.linear1.weight", float.NaN, "a non-finite value (NaN at index 12)")]
    [InlineData("alm-sr", "gru.weight_hh_l0", float.NegativeInfinity, "a non-finite value (-Infinity at index 12)")]
    [InlineData("dmc", "embed.0.weight", 1e30f, "an absurd value (1E+30 at index 12;")]
    [InlineData("alm", "head.2.bias", 0, "")]
    public void The_registry_refuses_a_damaged_checkpoint_naming_the_file_and_the_tensor(string name, string tensor, float bad, string expected)
    {
        string path = Damaged(name, tensor, tensor.EndsWith("bias", StringComparison.Ordinal) ? 0 : 12, bad);
        var registry = new MixerRegistry(_models.Path);
        if (expected.Length == 0)
        {
            // The same file with a finite value there loads.
            Assert.Null(registry.Problem(name));
            Assert.Equal(name, registry.Create(name).Name);
            return;
        }
        Assert.True(registry.IsAvailable(name));
        string? problem = registry.Problem(name);
        Assert.NotNull(problem);
        Assert.True(problem.StartsWith($"{path}: tensor '{tensor}' has {expected}", StringComparison.Ordinal), problem);
        var error = Assert.Throws<CheckpointException>(() => registry.Create(name));
        Assert.Equal(problem, error.Message);
        Assert.Throws<CheckpointException>(() => name == "dmc" ? (object)LiveModels.LoadDmc(path) : LiveModels.LoadAiLive(path));
    }

    [Fact]
    public void Weights_that_a_load_would_refuse_are_never_written()
    {
        var model = new DmcModel(new Random(1));
        model.Head.Layers[0].Weight.Data[3] = float.NaN;
        string path = LiveModels.FileFor(_models.Path, "dmc");
        var error = Assert.Throws<CheckpointException>(() => LiveModels.Save(path, model, []));
        Assert.Contains("tensor 'head.0.weight' has a non-finite value (NaN at index 3)", error.Message);
        Assert.Empty(Directory.GetFiles(_models.Path));
    }
}

using AutoFoh.LiveMix.Models;
using AutoFoh.Lab.LiveMix;

namespace AutoFoh.LiveMix.Tests;

public sealed class LiveTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autofoh-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrainingSong[] Songs()
    {
        double[] staging = [-12, 8, 0];
        var dry = AiLiveTests.Dry(3, 4, 5);
        var channels = dry.Select((x, c) => x.Select(v => (float)(v * Math.Pow(10, staging[c] / 20))).ToArray()).ToArray();
        var target = Enumerable.Range(0, dry[0].Length).Select(n => dry[0][n] + dry[1][n] + dry[2][n]).ToArray();
        return [new TrainingSong("tones", channels, target)];
    }

    [Theory]
    [InlineData("alm")]
    [InlineData("alm-sr")]
    [InlineData("dmc")]
    public void A_resumed_run_ends_with_the_weights_of_an_uninterrupted_one(string model)
    {
        var songs = Songs();
        LiveTrainingRun Run(string name, int steps, bool resume = false) => new()
        {
            Model = model, Output = Path.Combine(_folder, name), Steps = steps, CheckpointEvery = 3, Resume = resume, WindowSeconds = 2, Dim = 16, Seed = 4,
        };
        var whole = LiveTraining.Run(Run("whole.safetensors", 6), songs);
        Assert.Equal(6, whole.Steps);
        // The same run of 6 steps, killed after step 4 (it saved at 3), then resumed.
        Assert.Throws<OperationCanceledException>(() => LiveTraining.Run(Run("split.safetensors", 6), songs,
            (fraction, _) => { if (fraction >= 4 / 6.0) throw new OperationCanceledException("killed"); }));
        var resumed = LiveTraining.Run(Run("split.safetensors", 6, resume: true), songs);
        Assert.Equal(3, resumed.FirstStep);
        var (a, _) = Read(model, Path.Combine(_folder, "whole.safetensors"));
        var (b, config) = Read(model, Path.Combine(_folder, "split.safetensors"));
        foreach (var ((name, p), (_, q)) in a.NamedParameters().Zip(b.NamedParameters()))
            Assert.True(p.Data.SequenceEqual(q.Data), $"{name} differs after resuming");
        Assert.Equal(6, (int)config["training"]!["steps"]!);
        Assert.Equal(4, (int)config["training"]!["seed"]!);
        Assert.False(File.Exists(Path.Combine(_folder, "split.safetensors.partial")));
    }

    private static (Neural.Modules.Module, System.Text.Json.Nodes.JsonObject) Read(string model, string path) =>
        model == "dmc" ? LiveModels.LoadDmc(path) : LiveModels.LoadAiLive(path);

    [Fact]
    public void Resuming_a_different_model_is_refused_naming_both()
    {
        var songs = Songs();
        string path = Path.Combine(_folder, "alm.safetensors");
        LiveTraining.Run(new LiveTrainingRun { Model = "alm", Output = path, Steps = 1, WindowSeconds = 2, Dim = 16 }, songs);
        var error = Assert.Throws<ArgumentException>(() => LiveTraining.Run(new LiveTrainingRun { Model = "alm-sr", Output = path, Steps = 2, Resume = true, WindowSeconds = 2, Dim = 16 }, songs));
        Assert.Contains("alm", error.Message);
        Assert.Contains("alm-sr", error.Message);
    }
}

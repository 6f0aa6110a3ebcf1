using AutoFoh.LiveMix.Models;
using AutoFoh.Lab.LiveMix;
using AutoFoh.Neural;

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

    private string File(string name) => Path.Combine(_folder, name);

    private LiveTrainingRun Run(string model, string name, int steps, bool resume = false, int every = 2, int seed = 4) => new()
    {
        Model = model, Output = File(name), Steps = steps, CheckpointEvery = every, Resume = resume, WindowSeconds = 2, Dim = 16, Seed = seed,
    };

    /// <summary>Trains <paramref name="run"/> and stops it (as a kill would) once <paramref name="killAfter"/> steps are done.</summary>
    private static void Killed(TrainingSong[] songs, LiveTrainingRun run, int killAfter, Action<int>? afterStep = null) =>
        Assert.Throws<OperationCanceledException>(() => LiveTraining.Run(run, songs, (fraction, _) =>
        {
            int done = (int)Math.Round(fraction * run.Steps);
            afterStep?.Invoke(done);
            if (done >= killAfter) throw new OperationCanceledException("killed");
        }));

    private void AssertSameBytes(string expected, string actual)
    {
        Assert.True(System.IO.File.ReadAllBytes(File(expected)).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(File(actual))), $"{actual} differs from {expected}");
        Assert.True(System.IO.File.ReadAllBytes(File(expected + ".state")).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(File(actual + ".state"))), $"{actual}.state differs from {expected}.state");
    }

    [Theory]
    [InlineData("alm")]
    [InlineData("alm-sr")]
    [InlineData("dmc")]
    public void A_run_killed_at_any_step_and_resumed_ends_with_the_bytes_of_an_uninterrupted_one(string model)
    {
        var songs = Songs();
        var whole = LiveTraining.Run(Run(model, "whole.safetensors", 5), songs);
        Assert.Equal(5, whole.Steps);
        // Killed after each step k (the last checkpoint is the one of step k rounded down to an even step), then resumed.
        for (int k = 1; k <= 4; k++)
        {
            string name = $"killed-{k}.safetensors";
            Killed(songs, Run(model, name, 5), k);
            if (k < 2) Assert.False(System.IO.File.Exists(File(name)));
            else
            {
                var resumed = LiveTraining.Run(Run(model, name, 5, resume: true), songs);
                Assert.Equal(k / 2 * 2, resumed.FirstStep);
                AssertSameBytes("whole.safetensors", name);
            }
        }
        var config = model == "dmc" ? LiveModels.LoadDmc(File("whole.safetensors")).Config : LiveModels.LoadAiLive(File("whole.safetensors")).Config;
        Assert.Equal(5, (int)config["training"]!["steps"]!);
        Assert.Equal(4, (int)config["training"]!["seed"]!);
        Assert.Equal(LiveTraining.RunId(Run(model, "any", 5)), (string)config["training"]!["run_id"]!);
        Assert.Empty(Directory.GetFiles(_folder, "*.partial*"));
        Assert.Empty(Directory.GetFiles(_folder, "*.pending"));
    }

    [Fact]
    public void A_kill_between_committing_the_state_and_moving_the_checkpoint_in_resumes_exactly()
    {
        var songs = Songs();
        LiveTraining.Run(Run("alm", "whole.safetensors", 6), songs);
        // The run saved at steps 2 and 4; the disk as a kill after the save of step 4 committed its state but
        // before its checkpoint was moved in leaves it: the checkpoint of step 2, the pending one of step 4 and the state of step 4.
        Killed(songs, Run("alm", "split.safetensors", 6), 5, done =>
        {
            if (done == 2) System.IO.File.Copy(File("split.safetensors"), File("step2.safetensors"));
        });
        System.IO.File.Move(File("split.safetensors"), File("split.safetensors.pending"));
        System.IO.File.Move(File("step2.safetensors"), File("split.safetensors"));
        var resumed = LiveTraining.Run(Run("alm", "split.safetensors", 6, resume: true), songs);
        Assert.Equal(4, resumed.FirstStep);
        AssertSameBytes("whole.safetensors", "split.safetensors");
        Assert.False(System.IO.File.Exists(File("split.safetensors.pending")));
    }

    [Fact]
    public void Two_runs_of_one_seed_give_the_same_bytes_and_another_seed_does_not()
    {
        var songs = Songs();
        LiveTraining.Run(Run("alm", "a.safetensors", 3, seed: 9), songs);
        LiveTraining.Run(Run("alm", "b.safetensors", 3, seed: 9), songs);
        LiveTraining.Run(Run("alm", "c.safetensors", 3, seed: 10), songs);
        AssertSameBytes("a.safetensors", "b.safetensors");
        Assert.False(System.IO.File.ReadAllBytes(File("a.safetensors")).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(File("c.safetensors"))));
    }

    [Fact]
    public void A_checkpoint_and_a_state_of_different_saves_or_runs_are_refused_naming_both_files_and_steps()
    {
        var songs = Songs();
        Killed(songs, Run("alm", "run.safetensors", 6), 5, done =>
        {
            if (done == 2) System.IO.File.Copy(File("run.safetensors.state"), File("state-of-step2"));
        });
        // The checkpoint of step 4 beside the state of step 2.
        System.IO.File.Copy(File("run.safetensors.state"), File("state-of-step4"));
        System.IO.File.Copy(File("state-of-step2"), File("run.safetensors.state"), overwrite: true);
        var before = System.IO.File.ReadAllBytes(File("run.safetensors"));
        var error = Assert.Throws<CheckpointException>(() => LiveTraining.Run(Run("alm", "run.safetensors", 6, resume: true), songs));
        Assert.Contains($"{File("run.safetensors")} is from step 4", error.Message);
        Assert.Contains($"{File("run.safetensors.state")} from step 2", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, System.IO.File.ReadAllBytes(File("run.safetensors")));

        // The same step of another run (another seed).
        Killed(songs, Run("alm", "other.safetensors", 6, seed: 5), 5);
        System.IO.File.Copy(File("other.safetensors.state"), File("run.safetensors.state"), overwrite: true);
        error = Assert.Throws<CheckpointException>(() => LiveTraining.Run(Run("alm", "run.safetensors", 6, resume: true), songs));
        Assert.Contains("is from step 4 (run ", error.Message);
        Assert.Contains("from step 4 (run ", error.Message);
        Assert.Contains("not one save of one run", error.Message);

        // The pair itself, resumed with another seed.
        System.IO.File.Copy(File("state-of-step4"), File("run.safetensors.state"), overwrite: true);
        var options = Assert.Throws<ArgumentException>(() => LiveTraining.Run(Run("alm", "run.safetensors", 6, resume: true, seed: 5), songs));
        Assert.Contains("--seed 4, not 5", options.Message);
    }

    [Fact]
    public void A_diverging_run_stops_naming_the_step_and_leaves_the_checkpoint_on_disk_as_it_was()
    {
        var songs = Songs();
        LiveTraining.Run(Run("alm", "alm.safetensors", 2), songs);
        var before = System.IO.File.ReadAllBytes(File("alm.safetensors"));
        var beforeState = System.IO.File.ReadAllBytes(File("alm.safetensors.state"));
        // The same file trained again at a learning rate that blows the weights up at the first step.
        var error = Assert.Throws<TrainingDivergedException>(() => LiveTraining.Run(Run("alm", "alm.safetensors", 4, every: 1) with { LearningRate = 1e7 }, songs));
        Assert.StartsWith("training diverged at step 1: tensor '", error.Message);
        Assert.Contains("nothing was saved", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, System.IO.File.ReadAllBytes(File("alm.safetensors")));
        Assert.Equal(beforeState, System.IO.File.ReadAllBytes(File("alm.safetensors.state")));
        Assert.Empty(Directory.GetFiles(_folder, "*.p*"));

        // A loss that is not a number (a channel holds a NaN) stops the run at once, naming the loss.
        var broken = Songs();
        Array.Fill(broken[0].Channels[1], float.NaN);
        var nan = Assert.Throws<TrainingDivergedException>(() => LiveTraining.Run(Run("dmc", "dmc.safetensors", 3, every: 1), broken));
        Assert.StartsWith("training diverged at step ", nan.Message);
        Assert.False(System.IO.File.Exists(File("dmc.safetensors")));
    }

    [Fact]
    public void Resuming_a_different_model_is_refused_naming_both()
    {
        var songs = Songs();
        string path = File("alm.safetensors");
        LiveTraining.Run(new LiveTrainingRun { Model = "alm", Output = path, Steps = 1, WindowSeconds = 2, Dim = 16 }, songs);
        var error = Assert.Throws<ArgumentException>(() => LiveTraining.Run(new LiveTrainingRun { Model = "alm-sr", Output = path, Steps = 2, Resume = true, WindowSeconds = 2, Dim = 16 }, songs));
        Assert.Contains("alm", error.Message);
        Assert.Contains("alm-sr", error.Message);
    }
}

using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Optim;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Neural.Tests;

public class BadInputTests
{
    [Fact]
    public void A_shape_mismatch_names_the_op_and_both_shapes()
    {
        var error = Assert.Throws<ShapeMismatchException>(() => F.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("matmul", error.Message);
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4, 5]", error.Message);
        var add = Assert.Throws<ShapeMismatchException>(() => F.Add(Tensor.Zeros(2, 3), Tensor.Zeros(4)));
        Assert.Contains("add", add.Message);
        Assert.Contains("[2, 3]", add.Message);
        Assert.Contains("[4]", add.Message);
        var linear = Assert.Throws<ShapeMismatchException>(() => new Linear(3, 2, new Random(0)).Forward(Tensor.Zeros(5, 4)));
        Assert.Contains("linear", linear.Message);
        Assert.Contains("[5, 4]", linear.Message);
    }

    private static string SavedMlp(string folder)
    {
        string path = Path.Combine(folder, "mlp.safetensors");
        Checkpoint.Save(path, new Mlp([3, 4, 2], new Random(1)), "test-mlp", "{\"sizes\":[3,4,2]}");
        return path;
    }

    [Fact]
    public void A_checkpoint_round_trips_with_its_configuration()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var original = new Mlp([3, 4, 2], new Random(1));
            string path = Path.Combine(folder, "m.safetensors");
            Checkpoint.Save(path, original, "test-mlp", "{\"sizes\":[3,4,2]}");
            var (config, tensors) = Checkpoint.Read(path, "test-mlp");
            Assert.Equal("{\"sizes\":[3,4,2]}", config);
            var copy = new Mlp([3, 4, 2], new Random(9));
            Checkpoint.LoadInto(path, copy, tensors);
            foreach (var (name, p) in original.StateDict()) Assert.Equal(p.Data, copy.StateDict()[name].Data);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData(float.NaN, "non-finite value (NaN at index 5)")]
    [InlineData(float.PositiveInfinity, "non-finite value (Infinity at index 5)")]
    [InlineData(1e30f, "absurd value (1E+30 at index 5; a trained weight stays within ±1E+06)")]
    [InlineData(-2e6f, "absurd value (-2E+06 at index 5;")]
    public void A_checkpoint_with_a_weight_that_is_not_finite_or_absurd_is_refused_naming_the_file_and_the_tensor(float bad, string expected)
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string path = SavedMlp(folder);
            var (tensors, metadata) = SafeTensors.Load(path);
            tensors["0.weight"].Data[5] = bad;
            SafeTensors.Save(path, tensors.Select(t => (t.Key, t.Value)), metadata);
            var error = Assert.Throws<CheckpointException>(() => Checkpoint.Read(path, "test-mlp"));
            Assert.StartsWith($"{path}: tensor '0.weight' has a", error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void The_shipped_models_hold_finite_weights_well_inside_the_bound()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "models"), "*.safetensors"))
        {
            var (tensors, _) = SafeTensors.Load(path);
            Assert.Null(Checkpoint.FirstBadValue(tensors, Checkpoint.MaxAbsWeight / 1e5f));
        }
    }

    [Fact]
    public void Loading_a_checkpoint_with_a_missing_extra_or_misshapen_tensor_names_it()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var (tensors, _) = SafeTensors.Load(SavedMlp(folder));
            var missing = new Dictionary<string, Tensor>(tensors);
            missing.Remove("2.bias");
            Assert.Contains("missing tensor '2.bias'", Assert.Throws<CheckpointException>(() => new Mlp([3, 4, 2], new Random(0)).LoadStateDict(missing)).Message);
            var extra = new Dictionary<string, Tensor>(tensors) { ["4.weight"] = Tensor.Zeros(1) };
            Assert.Contains("unexpected tensor '4.weight'", Assert.Throws<CheckpointException>(() => new Mlp([3, 4, 2], new Random(0)).LoadStateDict(extra)).Message);
            var wrong = Assert.Throws<CheckpointException>(() => new Mlp([3, 5, 2], new Random(0)).LoadStateDict(tensors));
            Assert.Contains("'0.weight' has shape [4, 3]", wrong.Message);
            Assert.Contains("[5, 3]", wrong.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_corrupt_or_truncated_checkpoint_is_refused_with_a_clear_error()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var bytes = File.ReadAllBytes(SavedMlp(folder));
            Assert.Contains("truncated", Assert.Throws<CheckpointException>(() => SafeTensors.Parse(bytes[..5], "x")).Message);
            Assert.Contains("claims", Assert.Throws<CheckpointException>(() => SafeTensors.Parse(bytes[..^10], "x")).Message);
            var garbage = (byte[])bytes.Clone();
            garbage[9] = (byte)'#';
            Assert.Contains("corrupt", Assert.Throws<CheckpointException>(() => SafeTensors.Parse(garbage, "x")).Message);
            var huge = (byte[])bytes.Clone();
            huge[7] = 0x40;
            Assert.Contains("header claims", Assert.Throws<CheckpointException>(() => SafeTensors.Parse(huge, "x")).Message);
            Assert.Contains("not found", Assert.Throws<CheckpointException>(() => SafeTensors.Load(Path.Combine(folder, "none"))).Message);
            Assert.Contains("not a other checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Read(SavedMlp(folder), "other")).Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_nan_loss_stops_training_and_names_the_step()
    {
        var model = new Linear(2, 1, new Random(0));
        var optimizer = new Sgd(model.Parameters(), 1e30);
        var x = new Tensor([1e20f, -1e20f], 1, 2);
        var y = new Tensor([1f], 1, 1);
        var error = Assert.Throws<TrainingDivergedException>(() =>
        {
            for (int step = 0; step < 100; step++)
            {
                optimizer.ZeroGrad();
                var loss = F.MseLoss(model.Forward(x), y);
                LossGuard.Check(loss, step);
                loss.Backward();
                optimizer.Step();
            }
        });
        Assert.Matches("training diverged at step [0-9]+", error.Message);
    }
}

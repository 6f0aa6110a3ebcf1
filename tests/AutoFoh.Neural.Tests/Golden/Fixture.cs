using System.Text.Json;

namespace AutoFoh.Neural.Tests.Golden;

/// <summary>A case written by scripts/oracles/make_fixtures.py (PyTorch, float64 reference).</summary>
public sealed class Fixture
{
    private Fixture(string name, JsonElement config, Dictionary<string, Tensor> tensors)
    {
        Name = name;
        Config = config;
        Tensors = tensors;
    }

    public string Name { get; }
    public JsonElement Config { get; }
    public Dictionary<string, Tensor> Tensors { get; }

    public Tensor this[string name] => Tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"fixture {Name} has no tensor '{name}'");

    /// <summary>A fresh copy that requires gradients.</summary>
    public Tensor Input(string name)
    {
        var t = this[name].Detach();
        t.RequiresGrad = true;
        return t;
    }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static Fixture Load(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")));
        var root = doc.RootElement;
        var tensors = new Dictionary<string, Tensor>();
        foreach (var property in root.GetProperty("tensors").EnumerateObject())
        {
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var data = property.Value.GetProperty("data").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            tensors[property.Name] = new Tensor(data, shape);
        }
        return new Fixture(name, root.GetProperty("config").Clone(), tensors);
    }

    /// <summary>
    /// |actual − expected| ≤ rtol·|expected| + atol with atol = rtol·max|expected| (the tolerance is
    /// relative to the tensor's magnitude, so values near zero do not demand impossible precision).
    /// </summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {Tensor.Format(actual.Shape)}, expected {Tensor.Format(expected.Shape)}");
        double scale = expected.Data.Length == 0 ? 0 : expected.Data.Max(v => Math.Abs((double)v));
        double atol = rtol * scale;
        for (int i = 0; i < expected.Size; i++)
        {
            double e = expected.Data[i], a = actual.Data[i];
            Assert.True(Math.Abs(a - e) <= rtol * Math.Abs(e) + atol, $"{what}[{i}]: {a} vs PyTorch {e} (rtol {rtol})");
        }
    }
}

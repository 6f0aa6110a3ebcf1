using System.Buffers.Binary;
using System.Text.Json;
using AutoFoh.Neural.Modules;
using AutoFoh.Neural.Serialization;

namespace AutoFoh.Neural.Tests;

public class SafeTensorsFormatTests
{
    /// <summary>
    /// The layout the safetensors spec requires, byte by byte: u64 LE header length (a multiple of 8,
    /// space-padded JSON), dtype/shape/data_offsets per tensor, offsets contiguous from 0, raw LE floats.
    /// The file is left in the temp folder as autofoh_written.safetensors for
    /// scripts/oracles/check_checkpoint.py to load in PyTorch.
    /// </summary>
    [Fact]
    public void Files_follow_the_safetensors_layout()
    {
        var model = new Mlp([3, 4, 2], new Random(5));
        string path = Path.Combine(Path.GetTempPath(), "autofoh_written.safetensors");
        Checkpoint.Save(path, model, "test-mlp", "{\"sizes\":[3,4,2]}");
        var bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        Assert.Equal("test-mlp", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        long expectedOffset = 0;
        foreach (var name in new[] { "0.bias", "0.weight", "2.bias", "2.weight" })
        {
            var entry = header.RootElement.GetProperty(name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(expectedOffset, offsets[0]);
            var tensor = model.StateDict()[name];
            Assert.Equal(tensor.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(4L * tensor.Size, offsets[1] - offsets[0]);
            float first = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)headerLength + (int)offsets[0]));
            Assert.Equal(tensor.Data[0], first);
            expectedOffset = offsets[1];
        }
        Assert.Equal(8 + (long)headerLength + expectedOffset, bytes.Length);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoFoh.Neural.Serialization;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping
/// each tensor name to {dtype, shape, data_offsets [begin, end)} plus an optional "__metadata__" map
/// of strings, padded with spaces to 8 bytes, then the raw little-endian data. F32 is written; F32, F64,
/// F16-free files are read. Every offset is checked against the file before anything is allocated.
/// Writes go to a temp file that is renamed into place.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100_000_000;

    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        if (metadata is not null)
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var (name, tensor) in list)
        {
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + 4L * tensor.Size),
            };
            offset += 4L * tensor.Size;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        string temp = path + $".{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(json);
                for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
                var buffer = new byte[4];
                foreach (var (_, tensor) in list)
                {
                    var bytes = new byte[4 * tensor.Size];
                    for (int i = 0; i < tensor.Size; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), tensor.Data[i]);
                    stream.Write(bytes);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        byte[] file;
        try { file = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new CheckpointException($"{path}: file not found"); }
        catch (DirectoryNotFoundException) { throw new CheckpointException($"{path}: file not found"); }
        return Parse(file, path);
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Parse(byte[] file, string name)
    {
        if (file.Length < 8) throw new CheckpointException($"{name}: truncated: {file.Length} bytes, a safetensors file starts with an 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes || (long)headerLength > file.Length - 8)
            throw new CheckpointException($"{name}: corrupt or truncated: the header claims {headerLength} bytes, the file holds {file.Length - 8} after the length");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))?.AsObject() ?? throw new CheckpointException($"{name}: empty header");
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"{name}: corrupt header: {error.Message.Split('\n')[0]}");
        }
        catch (InvalidOperationException)
        {
            throw new CheckpointException($"{name}: corrupt header: not a JSON object");
        }
        long dataStart = 8 + (long)headerLength, dataLength = file.Length - dataStart;
        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__")
            {
                if (node is JsonObject meta)
                    foreach (var (k, v) in meta) metadata[k] = v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v?.ToJsonString() ?? "";
                continue;
            }
            try
            {
                var entry = node!.AsObject();
                string dtype = entry["dtype"]!.GetValue<string>();
                var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
                var offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                int size = 1;
                foreach (int d in shape)
                {
                    if (d < 0) throw new CheckpointException($"{name}: tensor '{key}' has a negative dimension");
                    size = checked(size * d);
                }
                int width = dtype switch { "F32" => 4, "F64" => 8, _ => throw new CheckpointException($"{name}: tensor '{key}' has dtype {dtype}; F32 and F64 are supported") };
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw new CheckpointException($"{name}: corrupt or truncated: tensor '{key}' claims bytes [{string.Join(", ", offsets)}) of {dataLength}");
                if (offsets[1] - offsets[0] != (long)size * width)
                    throw new CheckpointException($"{name}: tensor '{key}' holds {offsets[1] - offsets[0]} bytes, shape {Tensor.Format(shape)} of {dtype} needs {(long)size * width}");
                var data = new float[size];
                var bytes = file.AsSpan((int)(dataStart + offsets[0]), size * width);
                for (int i = 0; i < size; i++)
                    data[i] = width == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]);
                tensors[key] = new Tensor(data, shape);
            }
            catch (Exception error) when (error is InvalidOperationException or NullReferenceException or FormatException or OverflowException)
            {
                throw new CheckpointException($"{name}: corrupt header entry for tensor '{key}'");
            }
        }
        return (tensors, metadata);
    }
}

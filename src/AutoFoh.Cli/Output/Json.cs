using System.Text.Json;
using AutoFoh.Audio.Serialization;

namespace AutoFoh.Cli.Output;

/// <summary>
/// The JSON every `--json` command prints: the one configuration of <see cref="SnakeCaseJson"/> (snake_case names,
/// null where a figure is not a finite number: the loudness of silence is -infinity, which JSON cannot carry).
/// </summary>
public static class Json
{
    public static JsonSerializerOptions Options => SnakeCaseJson.Options;

    /// <summary>The same conventions on one line (JSON lines streams).</summary>
    public static JsonSerializerOptions Line => SnakeCaseJson.Line;

    public static void Write<T>(T value, TextWriter? writer = null)
    {
        (writer ?? Console.Out).WriteLine(JsonSerializer.Serialize(value, Options));
    }
}

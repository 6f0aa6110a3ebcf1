using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoFoh.Audio.Serialization;

/// <summary>
/// The one JSON configuration of AutoFOH: what every <c>--json</c> command prints, what the web app sends its pages
/// and what PARAMS.json holds. Names are snake_case (<c>integrated_lufs</c>), enums are snake_case strings
/// (<c>low_shelf</c>), and a double that is not a finite number (the loudness of silence, a send that is off) is
/// written as null, finite ones rounded to 6 decimals; null reads back as −∞ (a send that is off).
/// </summary>
/// <remarks>
/// It lives in AutoFoh.Audio because that is the root of the project graph: every project that serializes
/// (Mastering's export, Soundcheck, LiveMix, Web, Cli) references it, and it references nothing of AutoFOH.
/// </remarks>
public static class SnakeCaseJson
{
    /// <summary>Indented: documents (a command's report, PARAMS.json).</summary>
    public static readonly JsonSerializerOptions Options = Apply(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The same conventions on one line (JSON lines streams, the web app's messages).</summary>
    public static readonly JsonSerializerOptions Line = Apply(new JsonSerializerOptions());

    static SnakeCaseJson()
    {
        Options.MakeReadOnly(populateMissingResolver: true);
        Line.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>Sets the conventions on options made elsewhere (ASP.NET Core's, whose instance cannot be replaced).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new FiniteOrNullConverter());
        return options;
    }

    /// <summary>One message on one line (a JSON line, a web event).</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Line);

    /// <summary>The snake_case name a property gets (the same policy the options use).</summary>
    public static string Name(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    /// <summary>Non-finite doubles (−∞ dB sends, NaN figures) travel as null; null reads back as −∞.</summary>
    public sealed class FiniteOrNullConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NegativeInfinity : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(Math.Round(value, 6));
            else writer.WriteNullValue();
        }
    }
}

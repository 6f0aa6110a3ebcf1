using System.Globalization;
using AutoFoh.Dsp.Effects;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AutoFoh.Mastering.Styles;

/// <summary>
/// The styles of a targets file (<c>configs/style_targets.yaml</c>, or a user's own with <c>--targets</c>).
/// Read through YamlDotNet's node model so that every problem is reported as one line naming the file,
/// the line, the style and the field: a missing field, a number out of its range, a wrong type.
/// </summary>
public sealed class StyleTargets
{
    private readonly Dictionary<string, StyleTarget> _styles;

    private StyleTargets(string path, Dictionary<string, StyleTarget> styles) { Path = path; _styles = styles; }

    public string Path { get; }
    public IReadOnlyCollection<string> Names => _styles.Keys;
    public IEnumerable<StyleTarget> All => _styles.Values;

    /// <summary>The style called <paramref name="name"/>; an unknown name is refused with the list of known ones.</summary>
    public StyleTarget this[string name] => _styles.TryGetValue(name, out var style) ? style
        : throw new ArgumentException($"unknown style '{name}' (styles in {Path}: {string.Join(", ", _styles.Keys)})");

    public static StyleTargets Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: style targets file not found", path);
        return Parse(File.ReadAllText(path), path);
    }

    public static StyleTargets Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException error) { throw new FormatException($"{path}: line {error.Start.Line}: not valid YAML ({error.Message})"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{path}: expected a mapping with a 'styles' key");
        var reader = new Reader(path);
        var styles = reader.Mapping(root, "styles", "");
        var parsed = new Dictionary<string, StyleTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, value) in styles.Children)
        {
            string name = ((YamlScalarNode)keyNode).Value ?? "";
            if (value is not YamlMappingNode style) throw reader.Error(value, $"style '{name}' must be a mapping of fields");
            parsed[name] = reader.Style(name, style);
        }
        if (parsed.Count == 0) throw new FormatException($"{path}: 'styles' holds no style");
        return new StyleTargets(path, parsed);
    }

    /// <summary>Reads fields by name with their ranges; every error names file, line, style and field.</summary>
    private sealed class Reader(string path)
    {
        public FormatException Error(YamlNode node, string problem) => new($"{path}: line {node.Start.Line}: {problem}");

        public StyleTarget Style(string name, YamlMappingNode style)
        {
            string where = $"style '{name}'";
            var balance = Mapping(style, "frequency_balance", where);
            var processing = Mapping(style, "processing", where);
            var compressor = Mapping(processing, "bus_compressor", where + " processing");
            var reverb = Mapping(processing, "reverb", where + " processing");
            var limiter = Mapping(processing, "limiter", where + " processing");
            var tolerance = style.Children.ContainsKey("tolerance") ? Mapping(style, "tolerance", where) : null;
            string cw = where + " processing.bus_compressor", rw = where + " processing.reverb", lw = where + " processing.limiter";

            var frequencyBalance = new FrequencyBalance(
                Number(balance, "low", where + " frequency_balance", 0, 1), Number(balance, "mid", where + " frequency_balance", 0, 1),
                Number(balance, "high", where + " frequency_balance", 0, 1));
            double sum = frequencyBalance.Low + frequencyBalance.Mid + frequencyBalance.High;
            if (Math.Abs(sum - 1) > 0.02) throw Error(balance, $"{where} frequency_balance: low + mid + high = {sum.ToString("0.###", CultureInfo.InvariantCulture)}, must be 1");

            return new StyleTarget(
                name,
                style.Children.TryGetValue("description", out var d) && d is YamlScalarNode ds ? ds.Value ?? "" : "",
                Number(style, "integrated_lufs", where, -40, -3),
                Number(style, "spectral_centroid_hz", where, 200, 10000),
                Number(style, "ms_ratio", where, 0, 1.5),
                Number(style, "true_peak_dbtp", where, -12, 0),
                frequencyBalance,
                new StyleProcessing(
                    new CompressorSettings(Number(compressor, "threshold_db", cw, -60, 0), Number(compressor, "ratio", cw, 1, 20),
                        Number(compressor, "knee_db", cw, 0, 24), Number(compressor, "attack_ms", cw, 0.1, 500), Number(compressor, "release_ms", cw, 1, 5000)),
                    new ReverbSettings(Number(reverb, "room_size", rw, 0, 1), Number(reverb, "damping", rw, 0, 1), Number(reverb, "width", rw, 0, 1),
                        Number(reverb, "return_db", rw, -60, 6), Number(reverb, "pre_delay_ms", rw, 0, 200)),
                    new LimiterSettings(CeilingDbtp: Number(style, "true_peak_dbtp", where, -12, 0),
                        LookaheadMs: Number(limiter, "lookahead_ms", lw, 0.5, 20), ReleaseMs: Number(limiter, "release_ms", lw, 1, 2000)),
                    Number(processing, "saturation_mix", where + " processing", 0, 1)),
                tolerance is null ? StyleTolerance.Default : new StyleTolerance(
                    Number(tolerance, "integrated_lu", where + " tolerance", 0.01, 6), Number(tolerance, "centroid_fraction", where + " tolerance", 0.001, 0.5),
                    Number(tolerance, "ms_ratio", where + " tolerance", 0.001, 0.5)));
        }

        public YamlMappingNode Mapping(YamlMappingNode parent, string key, string where)
        {
            string at = where.Length == 0 ? key : $"{where}: {key}";
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node)) throw Error(parent, $"{at} is missing");
            return node as YamlMappingNode ?? throw Error(node, $"{at} must be a mapping, not '{Describe(node)}'");
        }

        public double Number(YamlMappingNode parent, string key, string where, double min, double max)
        {
            if (!parent.Children.TryGetValue(new YamlScalarNode(key), out var node)) throw Error(parent, $"{where}: {key} is missing");
            if (node is not YamlScalarNode scalar
                || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw Error(node, $"{where}: {key} must be a number, not '{Describe(node)}'");
            if (value < min || value > max)
                throw Error(node, $"{where}: {key} = {value.ToString(CultureInfo.InvariantCulture)} is out of range ({min.ToString(CultureInfo.InvariantCulture)} .. {max.ToString(CultureInfo.InvariantCulture)})");
            return value;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => node.NodeType.ToString(),
        };
    }
}

using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using AutoFoh.LiveMix;

namespace AutoFoh.Lab.LiveMix;

/// <summary>
/// The target balances of <c>configs/livemix_balance.yaml</c>: per style, each instrument's level in the
/// target mix relative to the band's mean (dB; unlisted instruments at 0).
/// </summary>
public sealed class BalanceTargets
{
    private readonly Dictionary<string, Dictionary<string, double>> _styles;

    private BalanceTargets(Dictionary<string, Dictionary<string, double>> styles) => _styles = styles;

    public IReadOnlyCollection<string> Styles => _styles.Keys;

    public static BalanceTargets Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: balance targets not found", path);
        Document? document;
        try
        {
            document = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<Document>(File.ReadAllText(path));
        }
        catch (YamlDotNet.Core.YamlException error)
        {
            throw new InvalidDataException($"{path}: line {error.Start.Line}: {error.Message}");
        }
        if (document?.Styles is not { Count: > 0 } styles) throw new InvalidDataException($"{path}: no styles");
        return new BalanceTargets(styles.ToDictionary(s => s.Key, s => new Dictionary<string, double>(s.Value ?? [], StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The target level (dB relative to the band's mean) of each of <paramref name="instruments"/> in <paramref name="style"/>.</summary>
    public double[] For(string style, IReadOnlyList<string> instruments)
    {
        if (!_styles.TryGetValue(style, out var levels)) throw new ArgumentException($"style '{style}' has no target balance (styles: {string.Join(", ", _styles.Keys)})");
        return instruments.Select(i => levels.TryGetValue(i, out double db) ? db : 0).ToArray();
    }

    private sealed class Document
    {
        public Dictionary<string, Dictionary<string, double>?>? Styles { get; set; }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoFoh.Dsp.Bands;
using AutoFoh.Neural;
using AutoFoh.Neural.Serialization;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;

namespace AutoFoh.Soundcheck.Reference;

/// <summary>
/// The band's ideal mix, learned from a reference track's stems: how the instruments share each
/// critical band for every combination of who is playing. Holds both predictors of seed 000 section 6.2
/// (the 24 band networks and the exact conditional-mean table), their test MSE on the last 20% of the
/// reference, and which one is used. Saved as one safetensors file: the networks' weights as tensors,
/// everything else (instruments, analysis settings, the table, the scores) as JSON in the metadata.
/// </summary>
public sealed class ReferenceModel
{
    public const string Format = "autofoh-reference";

    private ReferenceModel(ReferenceConfig config, ConditionalMeanTable table, BandMixNetworks networks)
    {
        Config = config;
        Table = table;
        Networks = networks;
        Passages = config.PassageDominance.Length == 0 ? null
            : ReferencePassages.FromArrays(config.SampleRateHz, config.Instruments, config.PassageDominance, config.PassageFingerprints,
                config.PassageMixFingerprint, config.PassagePooledPower);
    }

    /// <summary>The reference's half-second dominance and fingerprints, to place a line check in it (null in version-1 files).</summary>
    public ReferencePassages? Passages { get; }

    public ReferenceConfig Config { get; }
    public ConditionalMeanTable Table { get; }
    public BandMixNetworks Networks { get; }
    public IReadOnlyList<string> Instruments => Config.Instruments;
    public int SampleRateHz => Config.SampleRateHz;
    public DominanceOptions Dominance => new() { WindowSeconds = Config.WindowSeconds, HopSeconds = Config.HopSeconds, Percentile = Config.Percentile };

    /// <summary>The predictor in use (the one with the lower held-out MSE unless the caller chose).</summary>
    public IMixPredictor Predictor => Config.Predictor == "networks" ? Networks : Table;

    public static ReferenceModel Build(StemSet stems, DominanceOptions? options = null, int seed = 1, string? predictor = null)
    {
        options ??= DominanceOptions.Default;
        var analysis = new PerceptualDominance(stems.SampleRateHz, stems.Count, options);
        var dominance = analysis.Compute(stems.Instruments, stems.Samples);
        if (dominance.Frames < 5)
            throw new ArgumentException($"{stems.Name}: the reference is {stems.DurationSeconds:0.#} s long; at least 5 analysis windows ({5 * options.WindowSeconds} s) are needed");
        var detectors = stems.Instruments.Select(_ => new PresenceDetector(stems.SampleRateHz)).ToArray();
        var presence = PresenceMap.Compute(stems.Instruments, stems.Samples, detectors, analysis.WindowSamples, analysis.HopSamples);
        int train = (int)Math.Round(dominance.Frames * 0.8), test = dominance.Frames - train;

        var heldOutTable = ConditionalMeanTable.Fit(dominance, presence, 0, train);
        var heldOutNetworks = new BandMixNetworks(stems.Instruments, seed);
        heldOutNetworks.Train(dominance, presence, 0, train, new BandMixNetworks.TrainingOptions(Seed: seed));
        double tableMse = Mse(heldOutTable, dominance, presence, train, test);
        double networksMse = Mse(heldOutNetworks, dominance, presence, train, test);
        string chosen = predictor ?? (networksMse < tableMse ? "networks" : "table");
        if (chosen is not ("table" or "networks")) throw new ArgumentException($"predictor '{chosen}' is not 'table' or 'networks'");

        // The model in use learns from the whole reference.
        var table = ConditionalMeanTable.Fit(dominance, presence);
        var networks = new BandMixNetworks(stems.Instruments, seed);
        networks.Train(dominance, presence, 0, dominance.Frames, new BandMixNetworks.TrainingOptions(Seed: seed));
        var passages = ReferencePassages.Build(stems);
        var config = new ReferenceConfig
        {
            FormatVersion = 2,
            PassageDominance = passages.Dominance.Shares,
            PassageFingerprints = passages.Fingerprints,
            PassageMixFingerprint = passages.MixFingerprint,
            PassagePooledPower = passages.PooledPower,
            Name = stems.Name,
            Instruments = stems.Instruments.ToArray(),
            SampleRateHz = stems.SampleRateHz,
            WindowSeconds = options.WindowSeconds,
            HopSeconds = options.HopSeconds,
            Percentile = options.Percentile,
            PresenceThresholdRms = PresenceDetector.DefaultThresholdRms,
            Frames = dominance.Frames,
            TestFrames = test,
            TableTestMse = tableMse,
            NetworksTestMse = networksMse,
            Predictor = chosen,
            Seed = seed,
            Hidden = networks.Hidden,
            PlayingFraction = Enumerable.Range(0, stems.Count).Select(presence.PlayingFraction).ToArray(),
            Table = table.Means.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            TableCounts = table.Counts.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            MeanWhenPlaying = table.MeanWhenPlaying.ToArray(),
            MeanDominance = Enumerable.Range(0, CriticalBands.Count * stems.Count)
                .Select(k => (float)Enumerable.Range(0, dominance.Frames).Average(t => dominance.Frame(t)[k])).ToArray(),
        };
        return new ReferenceModel(config, table, networks);
    }

    /// <summary>Mean squared error of a predictor over frames [first, first+count), over bands and instruments.</summary>
    public static double Mse(IMixPredictor predictor, DominanceMap dominance, PresenceMap presence, int first, int count)
    {
        if (count == 0) return double.NaN;
        var shares = new float[CriticalBands.Count * dominance.InstrumentCount];
        double sum = 0;
        for (int t = first; t < first + count; t++)
        {
            predictor.Predict(presence.Masks[t], shares);
            var actual = dominance.Frame(t);
            for (int k = 0; k < shares.Length; k++) sum += (shares[k] - actual[k]) * (shares[k] - actual[k]);
        }
        return sum / (count * (double)shares.Length);
    }

    public void Save(string path) => Checkpoint.Save(path, Networks, Format, JsonSerializer.Serialize(Config, ConfigJson.Options));

    public static ReferenceModel Load(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: reference model not found");
        var (json, tensors) = Checkpoint.Read(path, Format);
        ReferenceConfig config;
        try
        {
            config = JsonSerializer.Deserialize<ReferenceConfig>(json, ConfigJson.Options) ?? throw new CheckpointException($"{path}: empty configuration");
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"{path}: corrupt configuration: {error.Message.Split('\n')[0]}");
        }
        int width = CriticalBands.Count * config.Instruments.Length;
        if (config.Instruments.Length < 2 || config.MeanWhenPlaying.Length != width || config.Table.Values.Any(v => v.Length != width))
            throw new CheckpointException($"{path}: the reference's table does not match its {config.Instruments.Length} instruments");
        var networks = new BandMixNetworks(config.Instruments, config.Seed, config.Hidden);
        Checkpoint.LoadInto(path, networks, tensors);
        var table = new ConditionalMeanTable(config.Instruments,
            config.Table.ToDictionary(kv => ulong.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value),
            config.MeanWhenPlaying,
            config.TableCounts.ToDictionary(kv => ulong.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value));
        return new ReferenceModel(config, table, networks);
    }
}

/// <summary>Everything about a reference model except the networks' weights (stored as JSON in the file).</summary>
public sealed record ReferenceConfig
{
    public int FormatVersion { get; init; } = 1;
    public string Name { get; init; } = "";
    public string[] Instruments { get; init; } = [];
    public int SampleRateHz { get; init; }
    public double WindowSeconds { get; init; }
    public double HopSeconds { get; init; }
    public double Percentile { get; init; }
    public float PresenceThresholdRms { get; init; }
    public int Frames { get; init; }
    public int TestFrames { get; init; }
    public double TableTestMse { get; init; }
    public double NetworksTestMse { get; init; }
    public string Predictor { get; init; } = "table";
    public int Seed { get; init; }
    public int Hidden { get; init; }
    public double[] PlayingFraction { get; init; } = [];
    public Dictionary<string, float[]> Table { get; init; } = [];
    public Dictionary<string, int> TableCounts { get; init; } = [];
    public float[] MeanWhenPlaying { get; init; } = [];

    /// <summary>Mean shares over the whole reference, [band, instrument] (the setup page's summary).</summary>
    public float[] MeanDominance { get; init; } = [];

    /// <summary>Version 2: the shares every half second, [frame, band, instrument], to place a line check.</summary>
    public float[] PassageDominance { get; init; } = [];

    /// <summary>Version 2: per instrument, log energies of 8 regions every 0.1 s (<see cref="ReferencePassages"/>).</summary>
    public float[][] PassageFingerprints { get; init; } = [];

    /// <summary>Version 2: the whole band's fingerprint.</summary>
    public float[] PassageMixFingerprint { get; init; } = [];

    /// <summary>Version 2: per instrument, pooled power of every half-second frame's one-second window.</summary>
    public float[][] PassagePooledPower { get; init; } = [];
}

internal static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

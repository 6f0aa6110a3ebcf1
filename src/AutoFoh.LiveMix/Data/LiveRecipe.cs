using System.Text.Json.Serialization;

namespace AutoFoh.LiveMix.Data;

/// <summary>
/// What a live multitrack folder records about how it was made (<c>live.json</c>), enough to judge a mix
/// of it instrument by instrument: each channel's gain staging, the energy each instrument reaches each
/// close microphone with (its own at 0.15-0.3 m, the others as bleed through the stage), and the target
/// level of each instrument.
/// </summary>
public sealed record LiveRecipe
{
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("style")] public string Style { get; init; } = "";
    [JsonPropertyName("instruments")] public string[] Instruments { get; init; } = [];
    [JsonPropertyName("sample_rate")] public int SampleRateHz { get; init; }
    [JsonPropertyName("staging_db")] public double[] StagingDb { get; init; } = [];
    /// <summary>[channel][instrument]: energy gain of the path from the instrument to the channel's microphone (staging excluded).</summary>
    [JsonPropertyName("bleed_energy")] public double[][] BleedEnergy { get; init; } = [];
    [JsonPropertyName("target_db")] public double[] TargetDb { get; init; } = [];
    [JsonPropertyName("noise_dbfs")] public double NoiseDbfs { get; init; }
}

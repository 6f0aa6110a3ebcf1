using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>
/// The data recipe and options of a training run on rendered songs (AutoFoh.Simulation's
/// <c>RenderedSongCatalog</c>): training songs of seeds <see cref="SongSeed"/>.., held-out songs of seeds
/// <see cref="HeldOutSeed"/>.. (never trained on), each also as guitar + "song" (the real songs' layout).
/// The defaults are the shipped model's.
/// </summary>
public sealed record MixTrainingRecipe
{
    /// <summary>Cache folder of the rendered songs (`.cache/mastering/songs` under the repository).</summary>
    public required string SongsFolder { get; init; }
    public int Songs { get; init; } = 24;
    public int SongSeed { get; init; } = 101;
    public int HeldOutSongs { get; init; } = 6;
    public int HeldOutSeed { get; init; } = 1;
    public double SongSeconds { get; init; } = 30;
    public int ExamplesPerSong { get; init; } = 100;
    /// <summary>Training examples are random excerpts of this length; held-out ones are whole songs.</summary>
    public double ExcerptSeconds { get; init; } = 8;
    public int HeldOutExamplesPerSong { get; init; } = 20;
    /// <summary>Seed of the held-out perturbations: fixed, so models trained with different seeds meet the same test.</summary>
    public int EvaluationSeed { get; init; } = 4242;
    /// <summary>Also train on each song as guitar + the rest summed into "song".</summary>
    public bool BackingStemSongs { get; init; } = true;
    public int Threads { get; init; } = 2;
    public MixTrainingOptions Training { get; init; } = new();
    /// <summary>The command line that ran the recipe, recorded in the model file.</summary>
    public string? Command { get; init; }
}

/// <summary>The examples of a run: training, held out (full bands, and guitar + song), and the loudness-matching baseline's role offsets.</summary>
public sealed record MixTrainingData(
    IReadOnlyList<MixExample> Examples,
    IReadOnlyList<MixExample> HeldOut,
    IReadOnlyList<MixExample> HeldOutBacking,
    IReadOnlyDictionary<InstrumentRole, double> RoleOffsetsLu);

/// <summary>What a run produced: the model, its held-out figures (full bands and guitar + song) and the baseline's offsets.</summary>
public sealed record MixTrainingRun(
    MixPredictor Predictor,
    MixEvaluation HeldOut,
    MixEvaluation HeldOutBacking,
    IReadOnlyDictionary<InstrumentRole, double> RoleOffsetsLu,
    int TrainingExamples,
    TimeSpan DataTime,
    TimeSpan TrainingTime);

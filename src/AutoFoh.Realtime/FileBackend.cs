namespace AutoFoh.Realtime;

/// <summary>
/// The file backend: the same engine and code path as a live server, fed block by block from recorded
/// channels as fast as the machine goes (the engine must be <see cref="EngineSettings.Offline"/>, so it
/// waits for the model instead of falling back).
/// </summary>
public static class FileBackend
{
    /// <summary>Mixes equally long <paramref name="channels"/>; returns the outputs (1 or 2) and the gains applied at each block's end.</summary>
    public static (float[][] Outputs, float[][] GainsDb) Run(LiveEngine engine, IReadOnlyList<float[]> channels, int blockFrames = 128, IProgress<double>? progress = null)
    {
        var settings = engine.Settings;
        if (!settings.Offline) throw new ArgumentException("the file backend needs an offline engine (EngineSettings.Offline)");
        if (channels.Count != settings.Channels) throw new ArgumentException($"{channels.Count} channels for an engine of {settings.Channels}");
        if (blockFrames < 1 || blockFrames > settings.MaxBlock) throw new ArgumentOutOfRangeException(nameof(blockFrames), blockFrames, $"1..{settings.MaxBlock} frames");
        int length = channels[0].Length;
        for (int c = 1; c < channels.Count; c++)
            if (channels[c].Length != length) throw new ArgumentException($"channel {c + 1} has {channels[c].Length} samples, channel 1 has {length}: channels must be equally long");
        var outputs = Enumerable.Range(0, settings.Outputs).Select(_ => new float[length]).ToArray();
        int blocks = (length + blockFrames - 1) / blockFrames;
        var gains = new float[blocks][];
        engine.Start();
        for (int b = 0; b < blocks; b++)
        {
            int start = b * blockFrames, count = Math.Min(blockFrames, length - start);
            for (int c = 0; c < channels.Count; c++) channels[c].AsSpan(start, count).CopyTo(engine.Input(c));
            engine.Process(count, outputs[0].AsSpan(start, count), settings.Outputs == 2 ? outputs[1].AsSpan(start, count) : Span<float>.Empty);
            gains[b] = (float[])engine.Status.AppliedGainDb.Clone();
            if (b % 256 == 0) progress?.Report(b / (double)blocks);
        }
        return (outputs, gains);
    }
}

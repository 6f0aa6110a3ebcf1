using System.Diagnostics;

namespace AutoFoh.Realtime;

/// <summary>
/// The file backend: the same engine and code path as a live server, fed block by block from recorded
/// channels. As fast as the machine goes, the engine must be <see cref="EngineSettings.Offline"/> (it waits
/// for the model instead of falling back). Paced at real time (<c>realTime</c>), the files play as a sound
/// card would, one block every block's duration, so a person can watch and steer the mix (the web page);
/// the engine is then best run live (not offline), so a late model falls back exactly as on JACK.
/// </summary>
public static class FileBackend
{
    /// <summary>
    /// The engine for recorded channels: a stereo mix, offline (it waits for the model) unless the files play at
    /// real time, when it runs live, as on JACK: it never waits for the model, and a late one falls back.
    /// </summary>
    public static EngineSettings Settings(int channels, int sampleRateHz, SafetySettings safety, bool realTime) =>
        new() { SampleRateHz = sampleRateHz, Channels = channels, Outputs = 2, Offline = !realTime, Safety = safety };

    /// <summary>Mixes equally long <paramref name="channels"/>; returns the outputs (1 or 2) and the gains applied at each block's end.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires before the end (nothing is returned).</exception>
    public static (float[][] Outputs, float[][] GainsDb) Run(LiveEngine engine, IReadOnlyList<float[]> channels, int blockFrames = 128, IProgress<double>? progress = null,
        bool realTime = false, CancellationToken cancel = default)
    {
        var settings = engine.Settings;
        if (!settings.Offline && !realTime) throw new ArgumentException("the file backend needs an offline engine (EngineSettings.Offline) unless it plays at real time");
        if (channels.Count != settings.Channels) throw new ArgumentException($"{channels.Count} channels for an engine of {settings.Channels}");
        if (blockFrames < 1 || blockFrames > settings.MaxBlock) throw new ArgumentOutOfRangeException(nameof(blockFrames), blockFrames, $"1..{settings.MaxBlock} frames");
        int length = channels[0].Length;
        for (int c = 1; c < channels.Count; c++)
            if (channels[c].Length != length) throw new ArgumentException($"channel {c + 1} has {channels[c].Length} samples, channel 1 has {length}: channels must be equally long");
        var outputs = Enumerable.Range(0, settings.Outputs).Select(_ => new float[length]).ToArray();
        int blocks = (length + blockFrames - 1) / blockFrames;
        var gains = new float[blocks][];
        engine.Start();
        var clock = Stopwatch.StartNew();
        for (int b = 0; b < blocks; b++)
        {
            cancel.ThrowIfCancellationRequested();
            int start = b * blockFrames, count = Math.Min(blockFrames, length - start);
            for (int c = 0; c < channels.Count; c++) channels[c].AsSpan(start, count).CopyTo(engine.Input(c));
            engine.Process(count, outputs[0].AsSpan(start, count), settings.Outputs == 2 ? outputs[1].AsSpan(start, count) : Span<float>.Empty);
            gains[b] = (float[])engine.Status.AppliedGainDb.Clone();
            if (b % 256 == 0) progress?.Report(b / (double)blocks);
            if (realTime)
            {
                // Never more than a couple of milliseconds ahead of the clock: a sound card's pace, on average exact.
                double aheadMs = (start + count) * 1000.0 / settings.SampleRateHz - clock.Elapsed.TotalMilliseconds;
                if (aheadMs >= 2) Thread.Sleep((int)aheadMs);
            }
        }
        return (outputs, gains);
    }
}

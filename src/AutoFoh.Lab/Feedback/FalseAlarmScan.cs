using AutoFoh.Audio;
using AutoFoh.Dsp.Feedback;

namespace AutoFoh.Lab.Feedback;

/// <summary>One feedback action on music that has none: a false alarm.</summary>
public sealed record FalseAlarm(string File, double TimeSeconds, FeedbackAction Action, double FrequencyHz, double DepthDb, string Reason);

/// <summary>What the feedback guard did on one source of music with no feedback in it.</summary>
/// <param name="Minutes">Minutes of music (a live folder counts its length once, whatever its channels).</param>
/// <param name="ChannelMinutes">Minutes of audio the guard heard (every channel).</param>
public sealed record FalseAlarmSource(string Source, int Files, double Minutes, double ChannelMinutes, IReadOnlyList<FalseAlarm> Alarms);

/// <summary>
/// The feedback guard (detector and policy, as the engine runs them on each input) over music with no feedback:
/// live multitrack folders (every <c>inputs/*.wav</c>) or plain audio files; every action it takes is a false alarm.
/// Fast (no model, no mix), for tuning; the engine's own count comes from <c>live --backend files --json</c>.
/// </summary>
public static class FalseAlarmScan
{
    /// <summary>Scans everything under <paramref name="path"/>: live folders, folders of them, audio files, folders of audio files.</summary>
    public static FalseAlarmSource Run(string path, HowlDetectorSettings? detector = null, FeedbackGuardSettings? guard = null, IProgress<double>? progress = null)
    {
        var groups = Groups(path);
        var files = groups.SelectMany(g => g).ToArray();
        if (files.Length == 0) throw new InvalidDataException($"{path}: no audio (live folders with inputs/, or audio files)");
        var alarms = new List<FalseAlarm>[files.Length];
        var seconds = new double[files.Length];
        int done = 0;
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var audio = AudioFile.ReadAll(files[i]);
            seconds[i] = audio.DurationSeconds;
            alarms[i] = Scan(files[i], audio.Mono(), audio.SampleRateHz, detector, guard);
            progress?.Report(Interlocked.Increment(ref done) / (double)files.Length);
        });
        double channelMinutes = seconds.Sum() / 60;
        // A group's music lasts as long as its longest channel.
        double minutes = 0;
        int at = 0;
        foreach (var g in groups)
        {
            minutes += g.Length == 0 ? 0 : seconds.Skip(at).Take(g.Length).Max() / 60;
            at += g.Length;
        }
        return new FalseAlarmSource(path, files.Length, minutes, channelMinutes, alarms.SelectMany(a => a).ToList());
    }

    /// <summary>The guard's actions on one channel.</summary>
    public static List<FalseAlarm> Scan(string name, float[] samples, int sampleRateHz, HowlDetectorSettings? detector = null, FeedbackGuardSettings? guard = null)
    {
        var g = new FeedbackGuard(sampleRateHz, guard, detector);
        var list = new List<FalseAlarm>();
        const int block = 256;
        for (int at = 0; at < samples.Length; at += block)
        {
            g.Hear(samples.AsSpan(at, Math.Min(block, samples.Length - at)));
            while (g.TryTakeEvent(out var e))
                if (e.Action is FeedbackAction.Notch or FeedbackAction.PullDown)
                {
                    string reason = "";
                    foreach (var t in g.Detector.Tracks)
                        if (t.Alive && t.Confirmed && Math.Abs(t.FrequencyHz - e.FrequencyHz) < 1e-6) reason = t.Reason;
                    list.Add(new FalseAlarm(name, e.Sample / (double)sampleRateHz, e.Action, e.FrequencyHz, e.DepthDb, reason));
                }
        }
        return list;
    }

    /// <summary>The files, grouped by the piece of music they play together (a live folder's inputs; else one file each).</summary>
    private static List<string[]> Groups(string path)
    {
        if (File.Exists(path)) return [[path]];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder");
        string inputs = Path.Combine(path, "inputs");
        if (Directory.Exists(inputs)) return [AudioFile.InFolder(inputs)];
        var groups = AudioFile.InFolder(path).Select(f => new[] { f }).ToList();
        foreach (string sub in Directory.GetDirectories(path).Order(StringComparer.Ordinal)) groups.AddRange(Groups(sub));
        return groups;
    }
}

namespace AutoFoh.Soundcheck.Presence;

/// <summary>Who plays in each analysis frame: [frame, instrument] bits, and each frame's combination as a bit mask.</summary>
public sealed class PresenceMap
{
    public const int MaxInstruments = 63;

    public PresenceMap(IReadOnlyList<string> instruments, int frames)
    {
        if (instruments.Count > MaxInstruments) throw new ArgumentException($"{instruments.Count} instruments: at most {MaxInstruments} are supported");
        Instruments = instruments.ToArray();
        Frames = frames;
        Masks = new ulong[frames];
    }

    public IReadOnlyList<string> Instruments { get; }
    public int Frames { get; }

    /// <summary>Bit i of frame t's mask is set when instrument i plays in frame t.</summary>
    public ulong[] Masks { get; }

    public bool this[int frame, int instrument]
    {
        get => (Masks[frame] >> instrument & 1) != 0;
        set => Masks[frame] = value ? Masks[frame] | 1UL << instrument : Masks[frame] & ~(1UL << instrument);
    }

    /// <summary>Fraction of frames in which <paramref name="instrument"/> plays.</summary>
    public double PlayingFraction(int instrument) =>
        Frames == 0 ? 0 : Masks.Count(m => (m >> instrument & 1) != 0) / (double)Frames;

    /// <summary>
    /// Presence of every frame of the stems, with the same framing as the dominance analysis
    /// (window and hop in samples). <paramref name="detectors"/> gives one detector per instrument.
    /// </summary>
    public static PresenceMap Compute(IReadOnlyList<string> instruments, IReadOnlyList<float[]> stems, IReadOnlyList<PresenceDetector> detectors,
        int windowSamples, int hopSamples)
    {
        int length = stems.Count == 0 ? 0 : stems[0].Length;
        int frames = length < windowSamples ? 0 : 1 + (length - windowSamples) / hopSamples;
        var map = new PresenceMap(instruments, frames);
        for (int t = 0; t < frames; t++)
            for (int i = 0; i < stems.Count; i++)
                map[t, i] = detectors[i].IsPlaying(stems[i].AsSpan(t * hopSamples, windowSamples));
        return map;
    }

    /// <summary>
    /// The start (frame) of a <paramref name="length"/>-frame window where the whole band plays most,
    /// scored by its least-playing instrument; windows overlapping [<paramref name="avoidStart"/>,
    /// <paramref name="avoidStart"/> + <paramref name="avoidLength"/>) score below every other, so they are
    /// chosen only when nothing else fits. Ties are broken by <paramref name="random"/>. −1 when the map is
    /// shorter than the window.
    /// </summary>
    public int BestWindowStart(int length, Random random, int avoidStart = 0, int avoidLength = 0)
    {
        var scored = new List<(int Start, int Score)>();
        for (int start = 0; start + length <= Frames; start++)
        {
            int score = int.MaxValue;
            for (int i = 0; i < Instruments.Count; i++)
            {
                int count = 0;
                for (int t = start; t < start + length; t++) if (this[t, i]) count++;
                score = Math.Min(score, count);
            }
            bool overlaps = avoidLength > 0 && start < avoidStart + avoidLength && start + length > avoidStart;
            scored.Add((start, overlaps ? score - length - 1 : score));
        }
        if (scored.Count == 0) return -1;
        int best = scored.Max(x => x.Score);
        var top = scored.Where(x => x.Score == best).ToList();
        return top[random.Next(top.Count)].Start;
    }
}

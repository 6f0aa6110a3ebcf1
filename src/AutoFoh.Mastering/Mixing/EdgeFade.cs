using AutoFoh.Dsp.Effects;

namespace AutoFoh.Mastering.Mixing;

/// <summary>
/// The first and last samples of a file are where true-peak meters part ways: what lies beyond them is
/// silence to <see cref="Dsp.Loudness.TruePeakMeter"/> and libebur128, a mirror image of the file to ffmpeg's
/// resampler, and a loud signal cut off there rings over the ceiling in some of them however well it was
/// limited. So an edge whose true peak, judged with each of those continuations, would pass
/// <see cref="TruePeakLimiter"/>'s ceiling is faded with a raised cosine, 2 ms first and longer if that is not
/// enough. Quiet edges are left as they are.
/// </summary>
internal static class EdgeFade
{
    private const double FirstFadeMs = 2;
    private const int Attempts = 5;

    /// <summary>The most frames a fade can take (<see cref="Attempts"/> doublings of 2 ms at 192 kHz), so a caller streaming a file knows how much of each end to hold.</summary>
    public const int MaxFadeFrames = 6144;

    /// <summary>Fades the start and the end of <paramref name="channels"/> where their edges need it; returns how many edges were faded.</summary>
    public static int Apply(float[][] channels, int sampleRateHz, double ceilingDbtp) =>
        (ApplyEdge(channels, sampleRateHz, ceilingDbtp, start: true) ? 1 : 0) + (ApplyEdge(channels, sampleRateHz, ceilingDbtp, start: false) ? 1 : 0);

    /// <summary>Fades one edge of <paramref name="channels"/> (the start, or the end) if it needs it; true if it did.</summary>
    public static bool ApplyEdge(float[][] channels, int sampleRateHz, double ceilingDbtp, bool start)
    {
        float ceiling = (float)Math.Pow(10, (ceilingDbtp - TruePeakLimiter.SafetyMarginDb / 2) / 20);
        var detector = new TruePeakDetector(sampleRateHz);
        int frames = channels[0].Length;
        double fadeMs = FirstFadeMs;
        bool faded = false;
        for (int attempt = 0; attempt < Attempts && Exceeds(channels, detector, ceiling, start); attempt++, fadeMs *= 2)
        {
            int length = Math.Min(frames, (int)Math.Round(fadeMs / 1000 * sampleRateHz));
            foreach (var channel in channels) Fade(channel, length, start);
            faded = true;
        }
        return faded;
    }

    private static void Fade(float[] channel, int length, bool start)
    {
        for (int n = 0; n < length; n++)
        {
            float w = (float)(0.5 - 0.5 * Math.Cos(Math.PI * (n + 0.5) / length));
            channel[start ? n : channel.Length - 1 - n] *= w;
        }
    }

    /// <summary>Whether the edge's true peak, continued by silence or by its mirror image, passes the ceiling.</summary>
    private static bool Exceeds(float[][] channels, TruePeakDetector detector, float ceiling, bool start)
    {
        int context = TruePeakDetector.HistoryFrames, frames = channels[0].Length;
        int inside = Math.Min(frames, 4 * context);
        var extended = new float[2 * context + inside];
        var peak = new float[extended.Length - context];
        foreach (var channel in channels)
            foreach (int mirror in new[] { -1, 0, 1 }) // silence; mirror repeating the edge sample; mirror about it
            {
                Array.Clear(extended);
                for (int n = 0; n < inside; n++) extended[context + n] = start ? channel[n] : channel[frames - inside + n];
                if (mirror >= 0)
                    for (int k = 1; k <= context; k++)
                    {
                        int reflected = Math.Min(inside - 1, k - 1 + mirror);
                        if (start) extended[context - k] = extended[context + reflected];
                        else extended[context + inside - 1 + k] = extended[context + inside - 1 - reflected];
                    }
                detector.Detect(extended, [], peak);
                foreach (float p in peak)
                    if (p > ceiling) return true;
            }
        return false;
    }
}

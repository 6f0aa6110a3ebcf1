using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Reference;

/// <summary>
/// Where in the reference a passage is, and what the reference's mix is there. The reference model's
/// ideal is a mean over everything the band plays with the same instruments (seed 000, section 6.2); a
/// line check is ten seconds of one passage, and that passage's own balance can sit a few dB from the
/// mean (on the real songs the solo-take advice ended within ±3 dB in 85% of cases against the mean, 99%
/// against the passage, docs/results.md). So the reference keeps its dominance every half second, and a
/// coarse fingerprint per instrument to find a take in it: log energies of 8 frequency regions every
/// 0.1 s. A take is placed where the correlation of its mean-removed fingerprint with the reference's
/// peaks, summed over the instruments (mean removal cancels the room's colouring and the level).
/// </summary>
public sealed class ReferencePassages
{
    public const double FingerprintHopSeconds = 0.1;
    public const double DominanceHopSeconds = 0.5;
    public const int Regions = 8;
    private static readonly double[] RegionEdgesHz = [60, 150, 300, 600, 1200, 2400, 4800, 9600, 16000];

    private ReferencePassages(int sampleRateHz, int instruments, DominanceMap dominance, float[][] fingerprints, float[] mixFingerprint, float[][] pooledPower)
    {
        SampleRateHz = sampleRateHz;
        InstrumentCount = instruments;
        Dominance = dominance;
        Fingerprints = fingerprints;
        MixFingerprint = mixFingerprint;
        PooledPower = pooledPower;
        Bands = new PooledSpectrogram(sampleRateHz).Bands;
    }

    /// <summary>The whole band's fingerprint, to follow a live microphone through the song.</summary>
    public float[] MixFingerprint { get; }

    /// <summary>
    /// Per instrument, [frame × pooled band] mean power of each one-second window on the dominance grid
    /// (<see cref="PooledSpectrogram"/> bands): what each instrument plays there, for informed level tracking.
    /// </summary>
    public float[][] PooledPower { get; }

    public int Bands { get; }

    /// <summary>Instrument <paramref name="instrument"/>'s pooled power in dominance frame <paramref name="frame"/>.</summary>
    public ReadOnlySpan<float> PowerAt(int instrument, int frame) => PooledPower[instrument].AsSpan(frame * Bands, Bands);

    public int SampleRateHz { get; }
    public int InstrumentCount { get; }

    /// <summary>The reference's shares every <see cref="DominanceHopSeconds"/>, one-second windows.</summary>
    public DominanceMap Dominance { get; }

    /// <summary>Per instrument, [block × region] log energies every <see cref="FingerprintHopSeconds"/>.</summary>
    public float[][] Fingerprints { get; }

    public static ReferencePassages Build(StemSet stems)
    {
        var options = DominanceOptions.Default with { HopSeconds = DominanceHopSeconds };
        var dominance = new PerceptualDominance(stems.SampleRateHz, stems.Count, options).Compute(stems.Instruments, stems.Samples);
        var fingerprints = stems.Samples.Select(s => Fingerprint(s, stems.SampleRateHz)).ToArray();
        var mix = new float[stems.Length];
        foreach (var stem in stems.Samples)
            for (int k = 0; k < mix.Length; k++) mix[k] += stem[k];
        var pooled = new PooledSpectrogram(stems.SampleRateHz);
        int window = (int)Math.Round(options.WindowSeconds * stems.SampleRateHz), hop = (int)Math.Round(DominanceHopSeconds * stems.SampleRateHz);
        var power = stems.Samples.Select(stem =>
        {
            var result = new float[dominance.Frames * pooled.Bands];
            for (int f = 0; f < dominance.Frames; f++)
            {
                var mean = Separation.LevelTrackingSeparator.MeanPower(pooled, stem.AsSpan(f * hop, Math.Min(window, stem.Length - f * hop)));
                for (int b = 0; b < pooled.Bands; b++) result[f * pooled.Bands + b] = (float)mean[b];
            }
            return result;
        }).ToArray();
        return new ReferencePassages(stems.SampleRateHz, stems.Count, dominance, fingerprints, Fingerprint(mix, stems.SampleRateHz), power);
    }

    /// <summary>From stored arrays (a reference model file).</summary>
    public static ReferencePassages FromArrays(int sampleRateHz, IReadOnlyList<string> instruments, float[] dominance, float[][] fingerprints, float[] mixFingerprint, float[][] pooledPower)
    {
        int width = CriticalBands.Count * instruments.Count;
        if (dominance.Length % width != 0) throw new ArgumentException($"passage dominance has {dominance.Length} values, not a multiple of {width}");
        int frames = dominance.Length / width, bands = new PooledSpectrogram(sampleRateHz).Bands;
        if (fingerprints.Length != instruments.Count || pooledPower.Length != instruments.Count || pooledPower.Any(p => p.Length != frames * bands))
            throw new ArgumentException($"passage data do not match {instruments.Count} instruments and {frames} frames");
        return new ReferencePassages(sampleRateHz, instruments.Count, new DominanceMap(instruments, frames, dominance), fingerprints, mixFingerprint, pooledPower);
    }

    /// <summary>
    /// Where the band is in the song: the start (seconds in the reference) of the stretch whose whole-band
    /// fingerprint best matches <paramref name="recent"/>'s, and the correlation. With <paramref name="near"/>
    /// the search stays within ±<paramref name="span"/> s of it (following the song), otherwise it is global.
    /// </summary>
    public (double StartSeconds, double Correlation) Locate(ReadOnlySpan<float> recent, int sampleRateHz, double? near = null, double span = 3)
    {
        return BestMatch([Normalize(Fingerprint(recent, sampleRateHz))], [MixFingerprint], sampleRateHz, near, span);
    }

    /// <summary>STFT frames (hop 512) per fingerprint block: the block lasts about <see cref="FingerprintHopSeconds"/>.</summary>
    private static int BlockFrames(int sampleRateHz) => Math.Max(1, (int)Math.Round(FingerprintHopSeconds * sampleRateHz / 512));

    /// <summary>The exact length of a fingerprint block at <paramref name="sampleRateHz"/> (0.1045 s at 44.1 kHz).</summary>
    public static double BlockSeconds(int sampleRateHz) => BlockFrames(sampleRateHz) * 512.0 / sampleRateHz;

    /// <summary>Log energies of 8 frequency regions every block (about 0.1 s), [block × region].</summary>
    public static float[] Fingerprint(ReadOnlySpan<float> signal, int sampleRateHz)
    {
        var pooled = new PooledSpectrogram(sampleRateHz, 2048, 512);
        var v = pooled.Compute(signal, out int frames);
        int blockFrames = BlockFrames(sampleRateHz);
        int blocks = frames / blockFrames;
        var regionOfBand = new int[pooled.Bands];
        for (int b = 0; b < pooled.Bands; b++) regionOfBand[b] = -1;
        for (int k = 0; k < 1025; k++)
        {
            double hz = k * sampleRateHz / 2048.0;
            int band = pooled.BandOf(hz);
            if (band < 0) continue;
            int region = Array.FindIndex(RegionEdgesHz, e => e > hz) - 1;
            if (region >= 0 && region < Regions) regionOfBand[band] = region;
        }
        var result = new float[blocks * Regions];
        for (int block = 0; block < blocks; block++)
            for (int b = 0; b < pooled.Bands; b++)
            {
                int region = regionOfBand[b];
                if (region < 0) continue;
                for (int t = block * blockFrames; t < (block + 1) * blockFrames; t++) result[block * Regions + region] += v[b * frames + t] * v[b * frames + t];
            }
        for (int k = 0; k < result.Length; k++) result[k] = (float)Math.Log10(result[k] + 1e-10);
        return result;
    }

    /// <summary>
    /// Where <paramref name="takes"/> (one per instrument, all playing the same passage, each recorded
    /// alone) start in the reference, in seconds, and the peak correlation (−1..1; below about 0.5 the
    /// passage was not found).
    /// </summary>
    public (double StartSeconds, double Correlation) Align(IReadOnlyList<float[]> takes, int sampleRateHz, IReadOnlyList<int>? instruments = null)
    {
        instruments ??= Enumerable.Range(0, takes.Count).ToArray();
        if (takes.Count != instruments.Count || instruments.Any(i => i < 0 || i >= InstrumentCount))
            throw new ArgumentException($"{takes.Count} takes for instruments [{string.Join(", ", instruments)}] of a reference of {InstrumentCount}");
        var normalizedTakes = takes.Select(t => Normalize(Fingerprint(t, sampleRateHz))).ToArray();
        return BestMatch(normalizedTakes, instruments.Select(i => Fingerprints[i]).ToArray(), sampleRateHz, null, 0);
    }

    /// <summary>
    /// Slides the normalised <paramref name="probes"/> along their <paramref name="references"/> and returns
    /// the offset in seconds with the highest mean correlation, and that correlation; within
    /// ±<paramref name="span"/> s of <paramref name="near"/> when it is given.
    /// </summary>
    private static (double StartSeconds, double Correlation) BestMatch(float[][] probes, float[][] references, int sampleRateHz, double? near, double span)
    {
        int length = probes.Min(p => p.Length / Regions), blocks = references.Min(r => r.Length / Regions);
        if (length < 10 || blocks < length) return (0, 0);
        double block = BlockSeconds(sampleRateHz);
        int from = 0, to = blocks - length;
        if (near is double centre)
        {
            from = Math.Max(0, (int)Math.Floor((centre - span) / block));
            to = Math.Min(blocks - length, (int)Math.Ceiling((centre + span) / block));
        }
        double best = double.NegativeInfinity;
        int bestOffset = from;
        var window = new float[length * Regions];
        for (int offset = from; offset <= to; offset++)
        {
            double score = 0;
            for (int j = 0; j < probes.Length; j++)
            {
                Array.Copy(references[j], offset * Regions, window, 0, window.Length);
                var z = Normalize(window);
                double dot = 0;
                for (int k = 0; k < z.Length; k++) dot += z[k] * probes[j][k];
                score += dot / z.Length;
            }
            score /= probes.Length;
            if (score > best) { best = score; bestOffset = offset; }
        }
        return (bestOffset * block, best);
    }

    /// <summary>Each region's series minus its mean, over the whole array scaled to unit variance.</summary>
    private static float[] Normalize(float[] fingerprint)
    {
        int blocks = fingerprint.Length / Regions;
        var z = new float[blocks * Regions];
        for (int r = 0; r < Regions; r++)
        {
            double mean = 0;
            for (int b = 0; b < blocks; b++) mean += fingerprint[b * Regions + r];
            mean /= Math.Max(1, blocks);
            for (int b = 0; b < blocks; b++) z[b * Regions + r] = (float)(fingerprint[b * Regions + r] - mean);
        }
        double variance = 0;
        foreach (float x in z) variance += x * x;
        variance /= Math.Max(1, z.Length);
        float scale = variance > 0 ? (float)(1 / Math.Sqrt(variance)) : 0;
        for (int k = 0; k < z.Length; k++) z[k] *= scale;
        return z;
    }

    /// <summary>The dominance frame whose one-second window starts nearest <paramref name="seconds"/>, or −1 outside the reference.</summary>
    public int FrameAt(double seconds)
    {
        int frame = (int)Math.Round(seconds / DominanceHopSeconds);
        return frame >= 0 && frame < Dominance.Frames ? frame : -1;
    }
}

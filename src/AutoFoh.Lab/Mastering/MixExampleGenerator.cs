using AutoFoh.Dsp.Features;
using AutoFoh.Dsp.Loudness;
using AutoFoh.Mastering.Features;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>
/// Self-supervised examples from songs at their intended balance: every stem perturbed at random
/// (<see cref="StemPerturbation.Draw"/>) and measured after the perturbation, so the network has to read
/// level and tone from the audio. Example k of song s draws from its own generator (seed, s, k), so the set
/// does not depend on the number of threads.
/// </summary>
public static class MixExampleGenerator
{
    /// <param name="excerptSeconds">Each example a random excerpt of this length (0: the whole song).</param>
    public static IReadOnlyList<MixExample> Generate(IReadOnlyList<MixSong> songs, int examplesPerSong, int seed, double excerptSeconds = 0,
        int threads = 2, IProgress<double>? progress = null)
    {
        if (examplesPerSong < 1) throw new ArgumentOutOfRangeException(nameof(examplesPerSong), examplesPerSong, "at least one example per song");
        var examples = new MixExample[songs.Count * examplesPerSong];
        int done = 0;
        Parallel.For(0, examples.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            int s = i / examplesPerSong, k = i % examplesPerSong;
            var random = new Random(unchecked(seed * 1_000_003 + s * 10_007 + k));
            var song = songs[s];
            int length = excerptSeconds > 0 ? Math.Min(song.Frames, (int)Math.Round(excerptSeconds * song.SampleRateHz)) : song.Frames;
            int start = random.Next(song.Frames - length + 1);
            var perturbations = song.Stems.Select(_ => StemPerturbation.Draw(random)).ToList();
            examples[i] = Make(song, perturbations, start, length);
            int count = Interlocked.Increment(ref done);
            if (count % 16 == 0 || count == examples.Length) progress?.Report(count / (double)examples.Length);
        });
        return examples;
    }

    /// <summary>The example of frames [start, start + frames) of <paramref name="song"/> with one perturbation per stem.</summary>
    public static MixExample Make(MixSong song, IReadOnlyList<StemPerturbation> perturbations, int start, int frames)
    {
        if (perturbations.Count != song.Stems.Count) throw new ArgumentException($"{perturbations.Count} perturbations for {song.Stems.Count} stems", nameof(perturbations));
        int bandChannels = song.Stems.Max(s => s.Channels.Length);
        var band = Enumerable.Range(0, bandChannels).Select(_ => new float[frames]).ToArray();
        var stems = new List<MixExampleStem>();
        for (int i = 0; i < song.Stems.Count; i++)
        {
            var stem = song.Stems[i];
            var excerpt = stem.Channels.Select(c => c.AsSpan(start, frames).ToArray()).ToArray();
            var perturbed = perturbations[i].Apply(excerpt, song.SampleRateHz);
            // A mono stem plays on every channel of the band.
            for (int c = 0; c < bandChannels; c++)
            {
                var source = perturbed[Math.Min(c, perturbed.Length - 1)];
                var sum = band[c];
                for (int n = 0; n < frames; n++) sum[n] += source[n];
            }
            stems.Add(new MixExampleStem(stem.Name, stem.Role, StemFeatureExtractor.Extract(perturbed, song.SampleRateHz), perturbations[i], RmsDbfs(excerpt)));
        }
        var meter = new LoudnessMeter(song.SampleRateHz, bandChannels, truePeak: false);
        meter.Process(Interleave(band));
        return new MixExample(song.Name, song.Style, stems, meter.IntegratedLufs);
    }

    private static double RmsDbfs(float[][] channels)
    {
        var meter = new LevelMeter(1);
        foreach (var c in channels) meter.Process(c);
        return Math.Max(StemFeatures.FloorDb, meter.RmsDbfs);
    }

    private static float[] Interleave(float[][] planar)
    {
        int channels = planar.Length, frames = planar[0].Length;
        var result = new float[channels * frames];
        for (int c = 0; c < channels; c++)
            for (int n = 0; n < frames; n++) result[n * channels + c] = planar[c][n];
        return result;
    }
}

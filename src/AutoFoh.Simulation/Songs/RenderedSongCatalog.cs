namespace AutoFoh.Simulation.Songs;

/// <summary>
/// A reproducible set of rendered songs in a cache folder: song k has style k mod 6 and seed
/// (seed + k), so the same arguments always give the same songs; songs already rendered are reused.
/// </summary>
public static class RenderedSongCatalog
{
    public static IReadOnlyList<string> Ensure(string cacheRoot, int count, int seed, double durationSeconds, IProgress<double>? progress = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one song");
        if (!(durationSeconds >= 5)) throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "songs last at least 5 s");
        var specs = Enumerable.Range(0, count)
            .Select(k => SongGenerator.Generate(SongStyle.All[k % SongStyle.All.Length].Name, seed + k, durationSeconds))
            .ToList();
        var folders = specs.Select(s => Path.Combine(cacheRoot, $"{s.Name}-{(int)durationSeconds}s")).ToList();
        int done = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            StemRenderer.Render(specs[k], folders[k]);
            progress?.Report(Interlocked.Increment(ref done) / (double)count);
        });
        return folders;
    }
}

namespace AutoFoh.Bench;

/// <summary>Where the benchmarks find the repository (and its .cache): $AUTOFOH_ROOT, or the folder holding AutoFoh.slnx.</summary>
internal static class BenchData
{
    public static string Root => Environment.GetEnvironmentVariable("AUTOFOH_ROOT") ?? FindRoot();

    /// <summary>The four instruments the soundcheck benchmarks use.</summary>
    public static readonly string[] FourInstruments = ["drums", "bass", "guitar", "vocals"];

    /// <summary>
    /// Drums, bass, guitar and vocals of the rendered "pop-5" song (`./autofoh songs render` first), at its
    /// own rate or resampled to <paramref name="sampleRateHz"/>.
    /// </summary>
    public static (float[][] Stems, int SampleRateHz) PopFourStems(int? sampleRateHz = null)
    {
        var song = Soundcheck.StemLoader.Load(Path.Combine(Root, ".cache/rendered/pop-5-90s"));
        int rate = sampleRateHz ?? song.SampleRateHz;
        var stems = FourInstruments.Select(k => song.Samples[song.IndexOf(k)])
            .Select(s => rate == song.SampleRateHz ? s : Audio.Resampler.Resample(new Audio.AudioBuffer(song.SampleRateHz, [s]), rate)[0]).ToArray();
        return (stems, rate);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AutoFoh.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}

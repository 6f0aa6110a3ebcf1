namespace AutoFoh.Soundcheck;

/// <summary>
/// A song as one mono signal per instrument, all at one sample rate and equally long (the shape every
/// soundcheck analysis takes). Loading from a stems folder lives in <see cref="StemLoader"/>.
/// </summary>
public sealed class StemSet
{
    public StemSet(string name, IReadOnlyList<string> instruments, IReadOnlyList<float[]> samples, int sampleRateHz)
    {
        if (instruments.Count != samples.Count) throw new ArgumentException($"{name}: {instruments.Count} names for {samples.Count} stems");
        if (instruments.Count == 0) throw new ArgumentException($"{name}: no stems");
        int length = samples[0].Length;
        for (int i = 1; i < samples.Count; i++)
            if (samples[i].Length != length) throw new ArgumentException($"{name}: stem '{instruments[i]}' has {samples[i].Length} samples, '{instruments[0]}' has {length}");
        Name = name;
        Instruments = instruments.ToArray();
        Samples = samples.ToArray();
        SampleRateHz = sampleRateHz;
    }

    public string Name { get; }
    public IReadOnlyList<string> Instruments { get; }
    public IReadOnlyList<float[]> Samples { get; }
    public int SampleRateHz { get; }
    public int Count => Instruments.Count;
    public int Length => Samples[0].Length;
    public double DurationSeconds => Length / (double)SampleRateHz;

    public int IndexOf(string instrument)
    {
        for (int i = 0; i < Instruments.Count; i++)
            if (string.Equals(Instruments[i], instrument, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}

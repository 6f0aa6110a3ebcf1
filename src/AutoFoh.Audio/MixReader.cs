namespace AutoFoh.Audio;

/// <summary>
/// The sample-by-sample sum of several readers (for example guitar.ogg + song.ogg, the band as the
/// audience hears it). All must share sample rate and channel count; a shorter one counts as silence
/// once it ends. Disposing the mix disposes its inputs.
/// </summary>
public sealed class MixReader : IAudioReader
{
    private readonly IAudioReader[] _inputs;
    private readonly bool[] _ended;
    private float[] _scratch = [];

    public MixReader(params IAudioReader[] inputs)
    {
        if (inputs.Length == 0) throw new ArgumentException("nothing to mix", nameof(inputs));
        var first = inputs[0];
        foreach (var other in inputs.Skip(1))
        {
            if (other.SampleRateHz != first.SampleRateHz)
                throw new AudioFormatException(other.Path, $"sample rate {other.SampleRateHz} Hz does not match {first.Path} ({first.SampleRateHz} Hz); resample one of them");
            if (other.Channels != first.Channels)
                throw new AudioFormatException(other.Path, $"{other.Channels} channels do not match {first.Path} ({first.Channels} channels)");
        }
        _inputs = inputs;
        _ended = new bool[inputs.Length];
        Path = string.Join(" + ", inputs.Select(i => i.Path));
        FrameCount = inputs.All(i => i.FrameCount.HasValue) ? inputs.Max(i => i.FrameCount!.Value) : null;
    }

    public string Path { get; }
    public int SampleRateHz => _inputs[0].SampleRateHz;
    public int Channels => _inputs[0].Channels;
    public long? FrameCount { get; }

    public int Read(Span<float> interleaved)
    {
        if (_scratch.Length < interleaved.Length) _scratch = new float[interleaved.Length];
        int frames = 0;
        interleaved.Clear();
        for (int i = 0; i < _inputs.Length; i++)
        {
            if (_ended[i]) continue;
            // Fill as much as asked from this input (readers may return short blocks).
            int got = 0, wanted = interleaved.Length / Channels;
            while (got < wanted)
            {
                int n = _inputs[i].Read(_scratch.AsSpan(got * Channels, (wanted - got) * Channels));
                if (n == 0) { _ended[i] = true; break; }
                got += n;
            }
            for (int k = 0; k < got * Channels; k++) interleaved[k] += _scratch[k];
            frames = Math.Max(frames, got);
        }
        return frames;
    }

    public void Dispose()
    {
        foreach (var input in _inputs) input.Dispose();
    }
}

using AutoFoh.Audio;

namespace AutoFoh.Mastering.Mixing;

/// <summary>One stem of a mix: its file, its instrument name (the file name without extension) and its format.</summary>
public sealed record MixStem(string Path, string Name, int SampleRateHz, int Channels, long Frames);

/// <summary>
/// The stems of a mix, opened and checked before anything is processed, so bad input is refused in one line
/// and nothing is written.
///
/// Decisions (documented in the README): the mix runs at the most common sample rate among the stems (ties:
/// the highest) and the others are resampled to it; a stem shorter than the longest is padded with silence
/// (an instrument that stops early is silent, not cut off); mono and stereo stems mix together (a mono stem is
/// panned, a stereo stem balanced). Refused: no stems, more than <see cref="MaxStems"/>, a stem with more than
/// two channels, two stems with the same name. A silent or clipped stem is mixed and warned about
/// (its warnings), as a desk would let you.
/// </summary>
public sealed class MixStems
{
    /// <summary>The most stems one mix takes (a 64-channel desk).</summary>
    public const int MaxStems = 64;

    private MixStems(IReadOnlyList<MixStem> stems, int sampleRateHz, long frames)
    {
        Stems = stems;
        SampleRateHz = sampleRateHz;
        Frames = frames;
    }

    public IReadOnlyList<MixStem> Stems { get; }
    public int SampleRateHz { get; }
    /// <summary>Length of the mix in frames at <see cref="SampleRateHz"/>: the longest stem's.</summary>
    public long Frames { get; }
    public int Count => Stems.Count;
    public IEnumerable<string> Names => Stems.Select(s => s.Name);
    public double DurationSeconds => Frames / (double)SampleRateHz;

    public static MixStems Open(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new ArgumentException("no stems given: pass at least one audio file with --stems");
        if (paths.Count > MaxStems) throw new ArgumentException($"{paths.Count} stems given; a mix takes at most {MaxStems}");
        var stems = new List<MixStem>();
        foreach (var path in paths)
        {
            using var reader = AudioFile.OpenRead(path);
            if (reader.Channels > 2) throw new AudioFormatException(path, $"has {reader.Channels} channels; a stem is mono or stereo");
            long frames = reader.FrameCount ?? CountFrames(reader);
            stems.Add(new MixStem(path, System.IO.Path.GetFileNameWithoutExtension(path), reader.SampleRateHz, reader.Channels, frames));
        }
        var duplicate = stems.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"two stems are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(s => s.Path))}; rename one");
        int rate = stems.GroupBy(s => s.SampleRateHz).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        long length = stems.Max(s => (long)Math.Round(s.Frames * (double)rate / s.SampleRateHz));
        if (length > int.MaxValue / 2) throw new ArgumentException($"the stems last {length / (double)rate / 3600:0.#} hours; a mix takes at most a few hours");
        return new MixStems(stems, rate, length);
    }

    /// <summary>Opens stem <paramref name="index"/> as a stream of planar blocks at the mix's rate, silence after its end.</summary>
    public StemStream OpenStream(int index) => new(Stems[index], SampleRateHz, Frames);

    /// <summary>Reads stem <paramref name="index"/> whole at the mix's rate and length (planar, 1 or 2 channels).</summary>
    public float[][] ReadAll(int index)
    {
        using var stream = OpenStream(index);
        var planar = new float[stream.Channels][];
        for (int c = 0; c < planar.Length; c++) planar[c] = new float[Frames];
        const int Block = 16384;
        var block = new float[stream.Channels][];
        for (int c = 0; c < block.Length; c++) block[c] = new float[Block];
        for (long start = 0; start < Frames; start += Block)
        {
            int n = (int)Math.Min(Block, Frames - start);
            stream.Read(block, n);
            for (int c = 0; c < planar.Length; c++) block[c].AsSpan(0, n).CopyTo(planar[c].AsSpan((int)start));
        }
        return planar;
    }

    private static long CountFrames(IAudioReader reader)
    {
        var block = new float[8192 * reader.Channels];
        long frames = 0;
        int n;
        while ((n = reader.Read(block)) > 0) frames += n;
        return frames;
    }
}

/// <summary>A stem read block by block as planar channels at the mix's rate (resampled when needed), zero-padded to the mix's length.</summary>
public sealed class StemStream : IStemReader, IDisposable
{
    private readonly IAudioReader _reader;
    private readonly Resampler? _resampler;
    private readonly long _frames;
    private float[] _input = [];
    private float[] _pending = [];     // interleaved frames produced but not yet handed out
    private int _pendingStart, _pendingCount;
    private bool _ended;
    private long _delivered;

    internal StemStream(MixStem stem, int rateHz, long frames)
    {
        Stem = stem;
        _reader = AudioFile.OpenRead(stem.Path);
        _resampler = stem.SampleRateHz == rateHz ? null : new Resampler(stem.SampleRateHz, rateHz, stem.Channels);
        _frames = frames;
    }

    public MixStem Stem { get; }
    public int Channels => Stem.Channels;

    /// <summary>Fills the first <paramref name="frames"/> samples of each of <paramref name="planar"/>'s channels.</summary>
    public void Read(float[][] planar, int frames)
    {
        int channels = Channels;
        int filled = 0;
        while (filled < frames)
        {
            if (_pendingCount == 0 && !Refill()) break;
            int take = Math.Min(frames - filled, _pendingCount);
            for (int f = 0; f < take; f++)
                for (int c = 0; c < channels; c++) planar[c][filled + f] = _pending[(_pendingStart + f) * channels + c];
            _pendingStart += take; _pendingCount -= take; filled += take;
        }
        // Past the stem's end (or the mix's length): silence.
        long room = Math.Max(0, _frames - _delivered);
        for (int c = 0; c < channels; c++)
        {
            planar[c].AsSpan(filled, frames - filled).Clear();
            if (room < frames) planar[c].AsSpan((int)Math.Min(room, frames)).Clear();
        }
        _delivered += frames;
    }

    private bool Refill()
    {
        if (_ended) return false;
        const int Block = 8192;
        int channels = Channels;
        if (_input.Length == 0) _input = new float[Block * channels];
        int n = _reader.Read(_input);
        _pendingStart = 0;
        if (_resampler is null)
        {
            if (n == 0) { _ended = true; return false; }
            (_pending, _input) = (_input, _pending.Length == _input.Length ? _pending : new float[Block * channels]);
            _pendingCount = n;
            return true;
        }
        int capacity = (_resampler.MaxOutputFrames(Math.Max(n, Block)) + 16) * channels;
        if (_pending.Length < capacity) _pending = new float[capacity];
        _pendingCount = n > 0 ? _resampler.Process(_input.AsSpan(0, n * channels), _pending) : _resampler.Flush(_pending);
        if (n == 0) _ended = true;
        return _pendingCount > 0 || !_ended && Refill();
    }

    public void Dispose() => _reader.Dispose();
}

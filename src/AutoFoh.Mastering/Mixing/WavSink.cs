using AutoFoh.Audio;

namespace AutoFoh.Mastering.Mixing;

/// <summary>Writes the blocks of a renderer's sink to a stereo WAV file (any block length), atomically on <see cref="Complete"/>.</summary>
public sealed class WavSink(string path, int sampleRateHz, WavSampleFormat format) : IDisposable
{
    private readonly WavWriter _writer = new(path, sampleRateHz, 2, format);
    private float[] _interleaved = new float[2 * MixRenderer.BlockFrames];

    public void Add(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (_interleaved.Length < 2 * left.Length) _interleaved = new float[2 * left.Length];
        for (int k = 0; k < left.Length; k++) { _interleaved[2 * k] = left[k]; _interleaved[2 * k + 1] = right[k]; }
        _writer.Write(_interleaved.AsSpan(0, 2 * left.Length));
    }

    /// <summary>Finishes the file (temp file renamed into place); a sink disposed without it leaves nothing behind.</summary>
    public void Complete() => _writer.Complete();

    public void Dispose() => _writer.Dispose();
}

using System.Runtime.CompilerServices;
using AutoFoh.Realtime;
using AutoFoh.Realtime.Jack;
namespace AutoFoh.Testing.Jack;

/// <summary>
/// A JACK client's processor that plays a multitrack out of its ports (one channel per output port), from
/// the cycle after <see cref="Start"/>, once or looped; silence before and after. Remembers the sample
/// clock (<paramref name="clock"/>, e.g. the engine's position) at the cycle it started, so a recording
/// can be lined up with an offline render of the same input.
/// </summary>
public sealed unsafe class MultitrackPlayer(float[][] channels, Func<long> clock, bool loop = false) : IJackProcessor
{
    private volatile bool _playing;
    private long _at, _startedAt = -1;

    /// <summary>The clock's value at the first cycle that played, −1 before.</summary>
    public long StartedAt => Interlocked.Read(ref _startedAt);
    /// <summary>Frames played so far (counting loops).</summary>
    public long FramesPlayed => Interlocked.Read(ref _at);
    /// <summary>Played to the end (never, when looping).</summary>
    public bool Done => !loop && FramesPlayed >= channels[0].Length;
    public void Start() => _playing = true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // audio thread: optimized at the first call, never recompiled (tiering or OSR would stall it mid-show)
    public void Process(int frames, ReadOnlySpan<IntPtr> inputs, ReadOnlySpan<IntPtr> outputs)
    {
        int length = channels[0].Length;
        for (int c = 0; c < outputs.Length; c++)
        {
            var port = new Span<float>((float*)outputs[c], frames);
            port.Clear();
            if (!_playing || c >= channels.Length) continue;
            for (int written = 0; written < frames;)
            {
                long at = _at + written;
                if (loop) at %= length;
                else if (at >= length) break;
                int count = (int)Math.Min(length - at, frames - written);
                channels[c].AsSpan((int)at, count).CopyTo(port[written..]);
                written += count;
            }
        }
        if (_playing)
        {
            if (_startedAt < 0) Interlocked.Exchange(ref _startedAt, clock());
            Interlocked.Add(ref _at, frames);
        }
    }
}

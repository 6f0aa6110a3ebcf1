using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoFoh.Dsp.Processing;

/// <summary>
/// Narrow notch filters on live inputs, up to <see cref="Slots"/> per channel, with zero added latency: the
/// feedback policy on a worker thread sets a slot (<see cref="Set"/>: a frequency and a depth), the audio thread
/// runs the filters (<see cref="Process(int, Span{float})"/>), and neither waits for the other.
/// <para>
/// Each notch is the input minus a share of a band-pass around its frequency: y = x − k·BP(x), with BP the RBJ
/// cookbook band-pass of constant 0 dB peak gain (gain exactly 1, phase 0 at f) and k = 1 − 10^(depth/20), so at f
/// the cut is exactly the depth and away from f it fades to nothing. Q = <see cref="DefaultQ"/>: at full depth the
/// notch is f/Q wide between its −3 dB points, about 1/20 octave; at −12 dB a tone a semitone (1/12 octave) away
/// loses about 0.3 dB and one a third of an octave away under 0.05 dB. Narrow because feedback rings at one
/// frequency: the cut must take the loop's gain there and leave the instrument's tone (its notes and harmonics,
/// a semitone apart and more) as it was, even with all eight slots in use. The depth is a gain on the band-pass's
/// output, so changing it changes no filter state: the applied depth moves toward the asked one at
/// <see cref="DepthDbPerMs"/> (a fresh −12 dB notch is in within 12 ms), linearly in amplitude sample by sample,
/// with no click. A slot moved to another frequency first fades out at the old one and comes in at the new one
/// (a move within half its bandwidth retunes in place: a detector's estimate moving by a bin). A slot at depth 0 is
/// skipped: it costs nothing.
/// </para>
/// <para>
/// Lock-free: the worker writes a slot's frequency and depth into plain arrays, then bumps the channel's version
/// (<see cref="Interlocked"/>); once a block the audio thread sees a new version and copies that channel's asked
/// values. A read torn by a second <see cref="Set"/> meanwhile is harmless: the version has changed again, so the
/// next block reads again. Allocates in the constructor only.
/// </para>
/// </summary>
public sealed class NotchBank
{
    public const int DefaultSlots = 8;
    public const double DefaultQ = 30;
    /// <summary>How fast a slot's applied depth follows the asked one (dB per millisecond).</summary>
    public const double DepthDbPerMs = 1;
    /// <summary>The deepest notch a slot takes (dB below 0).</summary>
    public const double MaxDepthDb = 60;
    private const int PassSlots = 4;   // slots a pass over a block runs at once (their recursions overlap)

    private readonly int _channels, _slots;
    private readonly double _rate, _q, _stepDbPerFrame;
    // Asked by the worker; the version says that a channel's slots changed.
    private readonly double[] _askedHz, _askedDb;
    private readonly int[] _version;
    // The audio thread's own.
    private readonly int[] _seen;
    private readonly double[] _wantHz, _wantDb;
    private readonly Notch[] _notch;
    private readonly int[] _run;
    // What the audio thread applied, for reports (written once a block).
    private readonly float[] _appliedHz, _appliedDb;
    private readonly int[] _active;

    public NotchBank(int channels, int sampleRateHz, int slots = DefaultSlots, double q = DefaultQ)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "at least one channel");
        if (sampleRateHz < 1) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "a sample rate in Hz");
        if (slots < 0) throw new ArgumentOutOfRangeException(nameof(slots), slots, "0 or more notches per channel");
        if (!(q > 0 && double.IsFinite(q))) throw new ArgumentOutOfRangeException(nameof(q), q, "Q must be positive");
        _channels = channels;
        _slots = slots;
        _rate = sampleRateHz;
        _q = q;
        _stepDbPerFrame = DepthDbPerMs * 1000 / sampleRateHz;
        int all = channels * slots;
        _askedHz = new double[all];
        _askedDb = new double[all];
        _version = new int[channels];
        _seen = new int[channels];
        _wantHz = new double[all];
        _wantDb = new double[all];
        _notch = new Notch[all];
        _run = new int[Math.Max(slots, 1)];
        _appliedHz = new float[all];
        _appliedDb = new float[all];
        _active = new int[channels];
    }

    public int Channels => _channels;
    public int Slots => _slots;
    public double Q => _q;
    public int SampleRateHz => (int)_rate;

    /// <summary>
    /// Worker (any thread but the audio thread): asks <paramref name="slot"/> of <paramref name="channel"/> for a notch of
    /// <paramref name="depthDb"/> (≤ 0, at least −<see cref="MaxDepthDb"/>; 0 switches it off) at <paramref name="frequencyHz"/>.
    /// The audio thread takes it at its next block. Never waits.
    /// </summary>
    public void Set(int channel, int slot, double frequencyHz, double depthDb)
    {
        if ((uint)channel >= (uint)_channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel {channel + 1}: the bank has {_channels}");
        if ((uint)slot >= (uint)_slots) throw new ArgumentOutOfRangeException(nameof(slot), slot, $"slot {slot}: a channel has {_slots} notches");
        if (!(frequencyHz > 0 && frequencyHz < _rate / 2)) throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"a notch at {frequencyHz} Hz: must lie between 0 and {_rate / 2} Hz");
        if (!(depthDb <= 0 && depthDb >= -MaxDepthDb)) throw new ArgumentOutOfRangeException(nameof(depthDb), depthDb, $"a notch {depthDb} dB deep: 0 (off) down to −{MaxDepthDb} dB");
        int i = channel * _slots + slot;
        Volatile.Write(ref _askedHz[i], frequencyHz);
        Volatile.Write(ref _askedDb[i], depthDb);
        Interlocked.Increment(ref _version[channel]);   // a full fence: the values are visible before the version
    }

    /// <summary>Switches every notch of <paramref name="channel"/> off (each fades out).</summary>
    public void Clear(int channel)
    {
        if ((uint)channel >= (uint)_channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel {channel + 1}: the bank has {_channels}");
        for (int s = 0; s < _slots; s++) Volatile.Write(ref _askedDb[channel * _slots + s], 0);
        Interlocked.Increment(ref _version[channel]);
    }

    /// <summary>The depth last asked of a slot (dB; what <see cref="Set"/> wrote).</summary>
    public double AskedDepthDb(int channel, int slot) => Volatile.Read(ref _askedDb[channel * _slots + slot]);

    /// <summary>The frequency last asked of a slot (Hz; 0 before the first <see cref="Set"/>).</summary>
    public double AskedFrequencyHz(int channel, int slot) => Volatile.Read(ref _askedHz[channel * _slots + slot]);

    /// <summary>How many notches of <paramref name="channel"/> cut at the end of the last block (applied depth below 0).</summary>
    public int ActiveCount(int channel) => Volatile.Read(ref _active[channel]);

    /// <summary>The frequency a slot's filter is tuned to (Hz) at the end of the last block.</summary>
    public float AppliedFrequencyHz(int channel, int slot) => _appliedHz[channel * _slots + slot];

    /// <summary>The depth a slot applied at the end of the last block (dB, ≤ 0; 0: off).</summary>
    public float AppliedDepthDb(int channel, int slot) => _appliedDb[channel * _slots + slot];

    /// <summary>Audio thread: every channel's first <paramref name="frames"/> samples, in place.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(float[][] channels, int frames)
    {
        for (int c = 0; c < _channels; c++) Process(c, channels[c].AsSpan(0, frames));
    }

    /// <summary>Audio thread: one block of <paramref name="channel"/>, in place, through its notches.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(int channel, Span<float> x)
    {
        if (_slots == 0 || x.IsEmpty) return;
        int first = channel * _slots;
        int version = Volatile.Read(ref _version[channel]);
        if (version != _seen[channel])
        {
            _seen[channel] = version;
            for (int i = first; i < first + _slots; i++)
            {
                _wantHz[i] = Volatile.Read(ref _askedHz[i]);
                _wantDb[i] = Volatile.Read(ref _askedDb[i]);
            }
        }
        int count = Plan(first, x.Length);
        for (int at = 0; at < count; at += PassSlots)
        {
            switch (Math.Min(PassSlots, count - at))
            {
                case 1: Pass<One>(x, at); break;
                case 2: Pass<Two>(x, at); break;
                case 3: Pass<Three>(x, at); break;
                default: Pass<Four>(x, at); break;
            }
        }
        int active = 0;
        for (int i = first; i < first + _slots; i++)
        {
            ref var notch = ref _notch[i];
            // A resonator's state decays into subnormal doubles after long silence, where arithmetic slows a hundredfold.
            if (Math.Abs(notch.Y1) < 1e-30 && Math.Abs(notch.Y2) < 1e-30) notch.Y1 = notch.Y2 = 0;
            _appliedHz[i] = (float)notch.Hz;
            _appliedDb[i] = (float)notch.Db;
            if (notch.Db < 0) active++;
        }
        Volatile.Write(ref _active[channel], active);
    }

    /// <summary>
    /// Each slot's step this block: its depth toward the asked one (through 0 when it moves), its gain ramp, its tuning;
    /// fills <see cref="_run"/> with the slots to run and returns how many.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private int Plan(int first, int frames)
    {
        int count = 0;
        double step = _stepDbPerFrame * frames;
        for (int i = first; i < first + _slots; i++)
        {
            ref var notch = ref _notch[i];
            double want = _wantDb[i], hz = _wantHz[i];
            if (notch.Db == 0 && want == 0)
            {
                if (notch.Running) notch = default;   // faded out: forget its history, so it comes back in clean
                continue;
            }
            if (hz != notch.Hz)
            {
                if (notch.Db == 0) Tune(ref notch, hz, clear: true);
                else if (Math.Abs(hz - notch.Hz) <= 0.5 * notch.Hz / _q) Tune(ref notch, hz, clear: false);
                else want = 0;   // out at the old frequency first, then in at the new one
            }
            double next = want < notch.Db ? Math.Max(want, notch.Db - step) : Math.Min(want, notch.Db + step);
            notch.KEnd = next == notch.Db ? notch.K : 1 - Math.Pow(10, next / 20);
            notch.Dk = (notch.KEnd - notch.K) / frames;
            notch.Db = next;
            notch.Running = true;
            _run[count++] = i;
        }
        return count;
    }

    private void Tune(ref Notch notch, double hz, bool clear)
    {
        // RBJ cookbook band-pass, constant 0 dB peak gain: b = (α, 0, −α)/a0, a = (1 + α, −2 cos ω, 1 − α).
        double w = 2 * Math.PI * hz / _rate, alpha = Math.Sin(w) / (2 * _q), a0 = 1 + alpha;
        notch.Hz = hz;
        notch.B0 = alpha / a0;
        notch.A1 = -2 * Math.Cos(w) / a0;
        notch.A2 = (1 - alpha) / a0;
        if (clear) notch.X1 = notch.X2 = notch.Y1 = notch.Y2 = 0;
    }

    /// <summary>
    /// <typeparamref name="TCount"/> (1..4) of the planned slots from <paramref name="at"/> on, in series, sample by sample:
    /// their recursions overlap (one pass per slot would wait on each in turn). The count is a type so the JIT compiles
    /// one loop per count with the unused slots removed. Direct form I: the state is the signal's own history, which
    /// a retune leaves meaningful.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Pass<TCount>(Span<float> x, int at) where TCount : struct, ISlotCount
    {
        int count = TCount.Value;
        ref var n0 = ref _notch[_run[at]];
        ref var n1 = ref count > 1 ? ref _notch[_run[at + 1]] : ref n0;
        ref var n2 = ref count > 2 ? ref _notch[_run[at + 2]] : ref n0;
        ref var n3 = ref count > 3 ? ref _notch[_run[at + 3]] : ref n0;
        double b0 = n0.B0, a10 = n0.A1, a20 = n0.A2, k0 = n0.K, d0 = n0.Dk, x10 = n0.X1, x20 = n0.X2, y10 = n0.Y1, y20 = n0.Y2;
        double b1 = n1.B0, a11 = n1.A1, a21 = n1.A2, k1 = n1.K, d1 = n1.Dk, x11 = n1.X1, x21 = n1.X2, y11 = n1.Y1, y21 = n1.Y2;
        double b2 = n2.B0, a12 = n2.A1, a22 = n2.A2, k2 = n2.K, d2 = n2.Dk, x12 = n2.X1, x22 = n2.X2, y12 = n2.Y1, y22 = n2.Y2;
        double b3 = n3.B0, a13 = n3.A1, a23 = n3.A2, k3 = n3.K, d3 = n3.Dk, x13 = n3.X1, x23 = n3.X2, y13 = n3.Y1, y23 = n3.Y2;
        ref float sample = ref MemoryMarshal.GetReference(x);
        for (int n = 0; n < x.Length; n++)
        {
            double u = Unsafe.Add(ref sample, n);
            // bp = b0·(u − u[n−2]) − a2·bp[n−2] − a1·bp[n−1], the last product added last: the recursion waits on one multiply and one add.
            k0 += d0;
            double bp = b0 * (u - x20) - a20 * y20 - a10 * y10;
            x20 = x10; x10 = u; y20 = y10; y10 = bp;
            u -= k0 * bp;
            if (count > 1)
            {
                k1 += d1;
                bp = b1 * (u - x21) - a21 * y21 - a11 * y11;
                x21 = x11; x11 = u; y21 = y11; y11 = bp;
                u -= k1 * bp;
            }
            if (count > 2)
            {
                k2 += d2;
                bp = b2 * (u - x22) - a22 * y22 - a12 * y12;
                x22 = x12; x12 = u; y22 = y12; y12 = bp;
                u -= k2 * bp;
            }
            if (count > 3)
            {
                k3 += d3;
                bp = b3 * (u - x23) - a23 * y23 - a13 * y13;
                x23 = x13; x13 = u; y23 = y13; y13 = bp;
                u -= k3 * bp;
            }
            Unsafe.Add(ref sample, n) = (float)u;
        }
        // The ramp ends exactly where it was aimed (the sum of the steps rounds), so a settled notch has exactly its depth.
        n0.K = n0.KEnd; n0.X1 = x10; n0.X2 = x20; n0.Y1 = y10; n0.Y2 = y20;
        if (count > 1) { n1.K = n1.KEnd; n1.X1 = x11; n1.X2 = x21; n1.Y1 = y11; n1.Y2 = y21; }
        if (count > 2) { n2.K = n2.KEnd; n2.X1 = x12; n2.X2 = x22; n2.Y1 = y12; n2.Y2 = y22; }
        if (count > 3) { n3.K = n3.KEnd; n3.X1 = x13; n3.X2 = x23; n3.Y1 = y13; n3.Y2 = y23; }
    }

    /// <summary>
    /// One slot on the audio thread: its tuning (band-pass coefficients), the share k of the band-pass taken out at the
    /// block's start and end and its step per sample, and the direct form's history.
    /// </summary>
    private struct Notch
    {
        public double Hz, Db, K, KEnd, Dk, B0, A1, A2, X1, X2, Y1, Y2;
        public bool Running;
    }

    private interface ISlotCount { static abstract int Value { get; } }
    private struct One : ISlotCount { public static int Value => 1; }
    private struct Two : ISlotCount { public static int Value => 2; }
    private struct Three : ISlotCount { public static int Value => 3; }
    private struct Four : ISlotCount { public static int Value => 4; }
}

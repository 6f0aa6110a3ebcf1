using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    private const int Lanes = 4;       // channels a vector pass runs at once (doubles in a 256-bit vector)

    private readonly int _channels, _slots;
    private readonly double _rate, _q, _stepDbPerFrame;
    // Asked by the worker; the version says that a channel's slots changed.
    private readonly double[] _askedHz, _askedDb;
    private readonly int[] _version;
    // The audio thread's own.
    private readonly int[] _seen;
    private readonly double[] _wantHz, _wantDb;
    private readonly Notch[] _notch;
    private readonly int[] _run, _runCount;   // per channel: the slots to run this block (their indices), how many
    private readonly LaneSlot[] _lane = new LaneSlot[PassSlots];
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
        _run = new int[all];
        _runCount = new int[channels];
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

    /// <summary>
    /// Audio thread: every channel's first <paramref name="frames"/> samples, in place. Channels go four at a time, one in
    /// each lane of a vector (each lane its channel's own notches, a lane with fewer running no-ops for the rest), so four
    /// channels' recursions run side by side; the same arithmetic as <see cref="Process(int, Span{float})"/>, bit for bit,
    /// which the channels past the last four run. A group of four with no notch running is skipped.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(float[][] channels, int frames)
    {
        if (_slots == 0 || frames == 0) return;
        for (int c = 0; c < _channels; c++)
        {
            Refresh(c);
            _runCount[c] = Plan(c, frames);
        }
        int grouped = Vector256.IsHardwareAccelerated ? _channels / Lanes * Lanes : 0;
        for (int g = 0; g < grouped; g += Lanes)
        {
            int positions = Math.Max(Math.Max(_runCount[g], _runCount[g + 1]), Math.Max(_runCount[g + 2], _runCount[g + 3]));
            if (positions == 0) continue;
            var x0 = channels[g].AsSpan(0, frames);
            var x1 = channels[g + 1].AsSpan(0, frames);
            var x2 = channels[g + 2].AsSpan(0, frames);
            var x3 = channels[g + 3].AsSpan(0, frames);
            for (int at = 0; at < positions; at += PassSlots)
                {
                int count = Math.Min(PassSlots, positions - at);
                Gather(g, at, count);
                switch (count)
                {
                    case 1: LanePass<One>(x0, x1, x2, x3); break;
                    case 2: LanePass<Two>(x0, x1, x2, x3); break;
                    case 3: LanePass<Three>(x0, x1, x2, x3); break;
                    default: LanePass<Four>(x0, x1, x2, x3); break;
                }
                Scatter(g, at, count);
            }
        }
        for (int c = grouped; c < _channels; c++) Run(c, channels[c].AsSpan(0, frames));
        for (int c = 0; c < _channels; c++) Report(c);
    }

    /// <summary>Audio thread: one block of <paramref name="channel"/>, in place, through its notches.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Process(int channel, Span<float> x)
    {
        if (_slots == 0 || x.IsEmpty) return;
        Refresh(channel);
        _runCount[channel] = Plan(channel, x.Length);
        Run(channel, x);
        Report(channel);
    }

    /// <summary>A new version from the worker: that channel's asked values, copied once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Refresh(int channel)
    {
        int version = Volatile.Read(ref _version[channel]);
        if (version == _seen[channel]) return;
        _seen[channel] = version;
        for (int i = channel * _slots; i < (channel + 1) * _slots; i++)
        {
            _wantHz[i] = Volatile.Read(ref _askedHz[i]);
            _wantDb[i] = Volatile.Read(ref _askedDb[i]);
        }
    }

    /// <summary>The planned slots of one channel in passes of up to four, one channel alone.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Run(int channel, Span<float> x)
    {
        int count = _runCount[channel], first = channel * _slots;
        for (int at = 0; at < count; at += PassSlots)
        {
            switch (Math.Min(PassSlots, count - at))
            {
                case 1: Pass<One>(x, first + at); break;
                case 2: Pass<Two>(x, first + at); break;
                case 3: Pass<Three>(x, first + at); break;
                default: Pass<Four>(x, first + at); break;
            }
        }
    }

    /// <summary>After the block: what the channel's slots applied, for the reports; subnormal states flushed.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Report(int channel)
    {
        int active = 0;
        for (int i = channel * _slots; i < (channel + 1) * _slots; i++)
        {
            ref var notch = ref _notch[i];
            // A resonator's state decays into subnormal doubles after long silence, where arithmetic slows a hundredfold.
            if (Math.Abs(notch.S1) < 1e-30 && Math.Abs(notch.S2) < 1e-30) notch.S1 = notch.S2 = 0;
            _appliedHz[i] = (float)notch.Hz;
            _appliedDb[i] = (float)notch.Db;
            if (notch.Db < 0) active++;
        }
        Volatile.Write(ref _active[channel], active);
    }

    /// <summary>
    /// Each slot's step this block: its depth toward the asked one (through 0 when it moves), its gain ramp, its tuning;
    /// lists the slots to run in the channel's part of <see cref="_run"/> and returns how many.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private int Plan(int channel, int frames)
    {
        int count = 0, first = channel * _slots;
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
            _run[first + count++] = i;
        }
        return count;
    }

    /// <summary>
    /// The lanes' slots at positions <paramref name="at"/>.. of the group from channel <paramref name="group"/>, into
    /// <see cref="_lane"/>; a lane whose channel runs fewer slots gets a no-op (all zero: the band-pass stays 0 and
    /// nothing is taken away).
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Gather(int group, int at, int count)
    {
        Span<double> b0 = stackalloc double[Lanes], a1 = stackalloc double[Lanes], a2 = stackalloc double[Lanes], k = stackalloc double[Lanes],
            dk = stackalloc double[Lanes], s1 = stackalloc double[Lanes], s2 = stackalloc double[Lanes];
        for (int p = 0; p < count; p++)
        {
            for (int l = 0; l < Lanes; l++)
            {
                int c = group + l;
                if (at + p < _runCount[c])
                {
                    ref var n = ref _notch[_run[c * _slots + at + p]];
                    (b0[l], a1[l], a2[l], k[l], dk[l], s1[l], s2[l]) = (n.B0, n.NegA1, n.NegA2, n.K, n.Dk, n.S1, n.S2);
                }
                else (b0[l], a1[l], a2[l], k[l], dk[l], s1[l], s2[l]) = (0, 0, 0, 0, 0, 0, 0);
            }
            _lane[p] = new LaneSlot(Vector256.Create<double>(b0), Vector256.Create<double>(a1), Vector256.Create<double>(a2), Vector256.Create<double>(k),
                Vector256.Create<double>(dk), Vector256.Create<double>(s1), Vector256.Create<double>(s2));
        }
    }

    /// <summary>The lanes' state back into their slots (the no-op lanes' is dropped); each ramp ends where it was aimed.</summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Scatter(int group, int at, int count)
    {
        for (int p = 0; p < count; p++)
        {
            ref var lane = ref _lane[p];
            for (int l = 0; l < Lanes; l++)
            {
                int c = group + l;
                if (at + p >= _runCount[c]) continue;
                ref var n = ref _notch[_run[c * _slots + at + p]];
                n.K = n.KEnd;
                (n.S1, n.S2) = (lane.S1.GetElement(l), lane.S2.GetElement(l));
            }
        }
    }

    /// <summary>
    /// <typeparamref name="TCount"/> (1..4) slot positions of four channels, one a lane, in series, sample by sample: the
    /// arithmetic of <see cref="Pass{TCount}"/>, four channels at once.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private void LanePass<TCount>(Span<float> x0, Span<float> x1, Span<float> x2, Span<float> x3) where TCount : struct, ISlotCount
    {
        int count = TCount.Value, frames = x0.Length;
        x1 = x1[..frames];
        x2 = x2[..frames];
        x3 = x3[..frames];
        ref var s0 = ref _lane[0];
        ref var s1 = ref _lane[count > 1 ? 1 : 0];
        ref var s2 = ref _lane[count > 2 ? 2 : 0];
        ref var s3 = ref _lane[count > 3 ? 3 : 0];
        Vector256<double> k0 = -s0.K, p0 = s0.S1, q0 = s0.S2, k1 = -s1.K, p1 = s1.S1, q1 = s1.S2;
        Vector256<double> k2 = -s2.K, p2 = s2.S1, q2 = s2.S2, k3 = -s3.K, p3 = s3.S1, q3 = s3.S2;
        for (int n = 0; n < frames; n++)
        {
            var f = Vector128.Create(x0[n], x1[n], x2[n], x3[n]);
            var u = Avx.IsSupported ? Avx.ConvertToVector256Double(f) : Vector256.Create(Vector128.WidenLower(f), Vector128.WidenUpper(f));
            u = Step(u, s0, ref k0, ref p0, ref q0);
            if (count > 1) u = Step(u, s1, ref k1, ref p1, ref q1);
            if (count > 2) u = Step(u, s2, ref k2, ref p2, ref q2);
            if (count > 3) u = Step(u, s3, ref k3, ref p3, ref q3);
            var y = Avx.IsSupported ? Avx.ConvertToVector128Single(u) : Vector128.Narrow(u.GetLower(), u.GetUpper());
            x0[n] = y.GetElement(0);
            x1[n] = y.GetElement(1);
            x2[n] = y.GetElement(2);
            x3[n] = y.GetElement(3);
        }
        (s0.S1, s0.S2) = (p0, q0);
        if (count > 1) (s1.S1, s1.S2) = (p1, q1);
        if (count > 2) (s2.S1, s2.S2) = (p2, q2);
        if (count > 3) (s3.S1, s3.S2) = (p3, q3);
    }

    private void Tune(ref Notch notch, double hz, bool clear)
    {
        // RBJ cookbook band-pass, constant 0 dB peak gain: b = (α, 0, −α)/a0, a = (1 + α, −2 cos ω, 1 − α).
        double w = 2 * Math.PI * hz / _rate, alpha = Math.Sin(w) / (2 * _q), a0 = 1 + alpha;
        notch.Hz = hz;
        notch.B0 = alpha / a0;
        notch.NegA1 = 2 * Math.Cos(w) / a0;
        notch.NegA2 = -(1 - alpha) / a0;
        if (clear) notch.S1 = notch.S2 = 0;
    }

    /// <summary>
    /// <typeparamref name="TCount"/> (1..4) of the planned slots from <see cref="_run"/>[<paramref name="at"/>] on, in series, sample by sample:
    /// their recursions overlap (one pass per slot would wait on each in turn). The count is a type so the JIT compiles
    /// one loop per count with the unused slots removed.
    /// </summary>
    [MethodImpl(AudioThread.Optimized)]
    private void Pass<TCount>(Span<float> x, int at) where TCount : struct, ISlotCount
    {
        int count = TCount.Value;
        ref var n0 = ref _notch[_run[at]];
        ref var n1 = ref count > 1 ? ref _notch[_run[at + 1]] : ref n0;
        ref var n2 = ref count > 2 ? ref _notch[_run[at + 2]] : ref n0;
        ref var n3 = ref count > 3 ? ref _notch[_run[at + 3]] : ref n0;
        double k0 = -n0.K, p0 = n0.S1, q0 = n0.S2, k1 = -n1.K, p1 = n1.S1, q1 = n1.S2;
        double k2 = -n2.K, p2 = n2.S1, q2 = n2.S2, k3 = -n3.K, p3 = n3.S1, q3 = n3.S2;
        ref float sample = ref MemoryMarshal.GetReference(x);
        for (int n = 0; n < x.Length; n++)
        {
            double u = Unsafe.Add(ref sample, n);
            u = Step(u, n0, ref k0, ref p0, ref q0);
            if (count > 1) u = Step(u, n1, ref k1, ref p1, ref q1);
            if (count > 2) u = Step(u, n2, ref k2, ref p2, ref q2);
            if (count > 3) u = Step(u, n3, ref k3, ref p3, ref q3);
            Unsafe.Add(ref sample, n) = (float)u;
        }
        // The ramp ends exactly where it was aimed (the sum of the steps rounds), so a settled notch has exactly its depth.
        (n0.K, n0.S1, n0.S2) = (n0.KEnd, p0, q0);
        if (count > 1) (n1.K, n1.S1, n1.S2) = (n1.KEnd, p1, q1);
        if (count > 2) (n2.K, n2.S1, n2.S2) = (n2.KEnd, p2, q2);
        if (count > 3) (n3.K, n3.S1, n3.S2) = (n3.KEnd, p3, q3);
    }

    /// <summary>
    /// One notch, one sample, transposed direct form II (two states: four notches' state stays in registers):
    /// bp = b0·u + s1, s1 = s2 − a1·bp, s2 = −b0·u − a2·bp; and out = u − k·bp = (1 − k·b0)·u − k·s1, one fused
    /// multiply-add on the signal's path (the rest comes from the past), so four notches in series cost a sample little
    /// more latency than one. <paramref name="negK"/> is −k (no negation per sample).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Step(double u, in Notch c, ref double negK, ref double s1, ref double s2)
    {
        negK -= c.Dk;
        double y = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(negK, c.B0, 1), u, negK * s1);
        double bp = Math.FusedMultiplyAdd(c.B0, u, s1);
        s1 = Math.FusedMultiplyAdd(c.NegA1, bp, s2);
        s2 = Math.FusedMultiplyAdd(c.NegA2, bp, -c.B0 * u);
        return y;
    }

    /// <summary><see cref="Step(double, in Notch, ref double, ref double, ref double)"/>, four channels at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Step(Vector256<double> u, in LaneSlot c, ref Vector256<double> negK, ref Vector256<double> s1, ref Vector256<double> s2)
    {
        negK -= c.Dk;
        var y = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(negK, c.B0, Vector256<double>.One), u, negK * s1);
        var bp = Vector256.FusedMultiplyAdd(c.B0, u, s1);
        s1 = Vector256.FusedMultiplyAdd(c.NegA1, bp, s2);
        s2 = Vector256.FusedMultiplyAdd(c.NegA2, bp, c.NegB0 * u);
        return y;
    }

    /// <summary>
    /// One slot on the audio thread: its tuning (band-pass coefficients, the a's negated), the share k of the band-pass
    /// taken out at the block's start and end and its step per sample, and the filter's two states.
    /// </summary>
    private struct Notch
    {
        public double Hz, Db, K, KEnd, Dk, B0, NegA1, NegA2, S1, S2;
        public bool Running;
    }

    /// <summary>One slot position of a group of four channels, a lane each: the <see cref="Notch"/> fields a pass uses.</summary>
    private struct LaneSlot(Vector256<double> b0, Vector256<double> negA1, Vector256<double> negA2, Vector256<double> k, Vector256<double> dk,
        Vector256<double> s1, Vector256<double> s2)
    {
        public readonly Vector256<double> B0 = b0, NegB0 = -b0, NegA1 = negA1, NegA2 = negA2, Dk = dk;
        public Vector256<double> K = k, S1 = s1, S2 = s2;
    }

    private interface ISlotCount { static abstract int Value { get; } }
    private struct One : ISlotCount { public static int Value => 1; }
    private struct Two : ISlotCount { public static int Value => 2; }
    private struct Three : ISlotCount { public static int Value => 3; }
    private struct Four : ISlotCount { public static int Value => 4; }
}

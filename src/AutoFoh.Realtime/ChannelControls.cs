namespace AutoFoh.Realtime;

/// <summary>
/// The engineer's hands on each channel strip, writable from any thread (the web page) and read by the
/// audio thread once a block: lock a channel's gain (the engine holds it where it is when it sees the
/// lock), mute it (a 5 ms fade to a gain of exactly 0), a priority offset in dB added to the automixer's
/// decision (as Dugan's channel weighting; the boost cap still holds), and the pan of a stereo mix. Each
/// control is one aligned 32-bit value written and read with <see cref="Volatile"/>: the audio thread sees
/// the old value or the new one, never waits and never locks.
/// </summary>
public sealed class ChannelControls
{
    /// <summary>The largest priority offset either way (dB).</summary>
    public const double MaxPriorityDb = 24;
    private readonly bool[] _locked, _muted;
    private readonly float[] _priorityDb, _pan;

    public ChannelControls(int channels)
    {
        _locked = new bool[channels];
        _muted = new bool[channels];
        _priorityDb = new float[channels];
        _pan = new float[channels];
    }

    public int Channels => _locked.Length;

    public bool IsLocked(int channel) => Volatile.Read(ref _locked[channel]);
    public bool IsMuted(int channel) => Volatile.Read(ref _muted[channel]);
    public float PriorityDb(int channel) => Volatile.Read(ref _priorityDb[channel]);
    /// <summary>−1 left .. +1 right.</summary>
    public float Pan(int channel) => Volatile.Read(ref _pan[channel]);

    public static bool IsValidPriorityDb(double priorityDb) => double.IsFinite(priorityDb) && Math.Abs(priorityDb) <= MaxPriorityDb;

    /// <summary>Holds <paramref name="channel"/>'s gain where it is (true) or hands it back to the automixer (false).</summary>
    public void Lock(int channel, bool locked) => Volatile.Write(ref _locked[Checked(channel)], locked);

    public void Mute(int channel, bool muted) => Volatile.Write(ref _muted[Checked(channel)], muted);

    public void SetPriorityDb(int channel, double priorityDb)
    {
        if (!IsValidPriorityDb(priorityDb)) throw new ArgumentOutOfRangeException(nameof(priorityDb), priorityDb, $"priority {priorityDb} dB: between −{MaxPriorityDb} and +{MaxPriorityDb} dB");
        Volatile.Write(ref _priorityDb[Checked(channel)], (float)priorityDb);
    }

    public void SetPan(int channel, double pan)
    {
        if (!(pan >= -1 && pan <= 1)) throw new ArgumentOutOfRangeException(nameof(pan), pan, $"pan {pan}: between −1 (left) and +1 (right)");
        Volatile.Write(ref _pan[Checked(channel)], (float)pan);
    }

    private int Checked(int channel) => (uint)channel < (uint)Channels ? channel
        : throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel {channel + 1}: the engine has {Channels} channels");
}

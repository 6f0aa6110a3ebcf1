using System.Runtime.CompilerServices;
using AutoFoh.Dsp.Processing;

namespace AutoFoh.Realtime;

/// <summary>
/// Each channel's target gain on the audio thread: the automixer's decision (the model's, or Dugan gain sharing's
/// while the model is late) offset by the engineer's priority, under the boost cap (at most
/// <see cref="SafetySettings.MaxBoostDb"/> over the channel's line-check gain); a locked channel holds the gain it
/// had when the lock was seen. The controls are read once a block, the decisions when their sample comes.
/// Allocates in the constructor only.
/// </summary>
internal sealed class ChannelTargets
{
    private readonly double[] _lineCheckDb;
    private readonly double? _maxBoostDb;
    private readonly bool[] _holding;
    private readonly float[] _target, _decisionDb, _lockedGain, _priorityDb, _priorityGain, _capGain;

    public ChannelTargets(int channels, double[] lineCheckDb, double? maxBoostDb)
    {
        _lineCheckDb = lineCheckDb;
        _maxBoostDb = maxBoostDb;
        _holding = new bool[channels];
        _target = Enumerable.Repeat(1f, channels).ToArray();
        _decisionDb = new float[channels];
        _lockedGain = new float[channels];
        _priorityDb = new float[channels];
        _priorityGain = Enumerable.Repeat(1f, channels).ToArray();
        _capGain = lineCheckDb.Select(db => maxBoostDb is { } boost ? (float)Math.Pow(10, (db + boost) / 20) : float.PositiveInfinity).ToArray();
    }

    /// <summary>Whether a decision has come at all (before the first, the automixer's gains count as 0 dB).</summary>
    public bool HasDecision { get; private set; }

    /// <summary>The automixer's decision of <paramref name="channel"/> (dB; 0 before the first).</summary>
    public float DecisionDb(int channel) => HasDecision ? _decisionDb[channel] : 0;

    /// <summary>The target of <paramref name="channel"/> from the last decision (linear).</summary>
    public float this[int channel] => _target[channel];

    /// <summary>Once a block: the locks (a new one holds <paramref name="gains"/>' gain where it is) and the priorities.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void ReadControls(ChannelControls controls, GainSmoother gains)
    {
        for (int c = 0; c < _target.Length; c++)
        {
            bool locked = controls.IsLocked(c);
            if (locked && !_holding[c]) _lockedGain[c] = gains.Gain(c);
            _holding[c] = locked;
            _priorityDb[c] = controls.PriorityDb(c);
            _priorityGain[c] = MathF.Pow(10, _priorityDb[c] / 20);
        }
    }

    /// <summary>Takes the oldest decision off <paramref name="queue"/>.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Take(GainQueue queue)
    {
        queue.Take(_decisionDb);
        HasDecision = true;
    }

    /// <summary>The targets from the decision, the priorities, the locks and the cap.</summary>
    [MethodImpl(AudioThread.Optimized)]
    public void Update()
    {
        for (int c = 0; c < _target.Length; c++)
        {
            if (_holding[c]) { _target[c] = _lockedGain[c]; continue; }
            double db = (HasDecision ? _decisionDb[c] : 0) + _priorityDb[c];
            if (!double.IsFinite(db)) continue;   // keep the last good target
            if (_maxBoostDb is { } boost) db = Math.Min(db, _lineCheckDb[c] + boost);
            _target[c] = (float)Math.Pow(10, db / 20);
        }
    }

    /// <summary>
    /// The target of <paramref name="channel"/> while Dugan gain sharing mixes: its share offset by the priority,
    /// under the cap, as the model's decisions are (a locked channel holds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Shared(int channel, DuganGainSharing sharing, double totalPower) =>
        _holding[channel] ? _target[channel] : Math.Min((float)sharing.Share(channel, totalPower) * _priorityGain[channel], _capGain[channel]);
}

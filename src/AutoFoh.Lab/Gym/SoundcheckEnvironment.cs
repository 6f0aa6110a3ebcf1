using AutoFoh.Soundcheck.Advice;
using AutoFoh.Dsp.Bands;

namespace AutoFoh.Lab.Gym;

/// <summary>
/// Seed 000's gym (section 7.1), condition "ideal" (stems mixed directly): reset draws a section in which
/// the target plays and a random gain error of the target; each step, the policy hears the next seconds
/// of the section at the current error, its action changes the error, and the reward is
/// −Σ|live − ideal| (mean per second) of the seconds heard after the change.
/// </summary>
public sealed class SoundcheckEnvironment : ISoundcheckEnvironment
{
    private readonly GymSong _song;
    private readonly float[] _shares;
    private readonly int[] _sectionStarts;
    private readonly int _sectionLength;
    private int _sectionStart, _cursor;

    public SoundcheckEnvironment(GymSong song, GymOptions? options = null)
    {
        _song = song;
        Options = options ?? new GymOptions();
        _shares = new float[CriticalBands.Count * song.Frames[0].InstrumentCount];
        _sectionLength = Math.Min(Options.SectionSeconds, song.FrameCount);
        _sectionStarts = EligibleSections(song, _sectionLength, Options.MinimumPlayingFraction);
        if (_sectionStarts.Length == 0)
            throw new InvalidOperationException($"{song.Name}: '{song.Target}' plays in fewer than {Options.MinimumPlayingFraction:P0} of the seconds of every {_sectionLength} s section");
    }

    public GymOptions Options { get; }
    public GymSong Song => _song;
    public string SongName => _song.Name;

    /// <summary>The target's current gain error in dB (hidden from policies).</summary>
    public double GainErrorDb { get; private set; }

    public int SectionStart => _sectionStart;

    /// <summary>Starts an episode; returns the first observation.</summary>
    public IReadOnlyList<ObservedFrame> Reset(Random random)
    {
        _sectionStart = _sectionStarts[random.Next(_sectionStarts.Length)];
        GainErrorDb = (random.NextDouble() * 2 - 1) * Options.InitialOffsetRangeDb;
        _cursor = 0;
        return Observe();
    }

    /// <summary>Applies a gain change (dB) to the target; returns the reward and the next observation.</summary>
    public (double Reward, IReadOnlyList<ObservedFrame> Observation) Step(double changeDb)
    {
        if (!double.IsFinite(changeDb)) throw new ArgumentOutOfRangeException(nameof(changeDb), changeDb, "a gain change must be finite");
        GainErrorDb = Math.Clamp(GainErrorDb + changeDb, -Options.GainLimitDb, Options.GainLimitDb);
        var observation = Observe();
        double reward = 0;
        foreach (var frame in observation)
        {
            frame.Shares(0, _shares);
            reward -= MixState.AbsoluteDifference(_shares, frame.Ideal);
        }
        return (reward / observation.Count, observation);
    }

    private List<ObservedFrame> Observe()
    {
        var frames = new List<ObservedFrame>(Options.SecondsPerStep);
        for (int k = 0; k < Options.SecondsPerStep; k++)
        {
            int t = _sectionStart + (_cursor + k) % _sectionLength;
            frames.Add(new ObservedFrame(_song.Frames[t], GainErrorDb, _song.Ideal[t]));
        }
        _cursor = (_cursor + Options.SecondsPerStep) % _sectionLength;
        return frames;
    }

    internal static int[] EligibleSections(GymSong song, int length, double minimumFraction)
    {
        var starts = new List<int>();
        for (int start = 0; start + length <= song.FrameCount; start++)
        {
            int playing = 0;
            for (int t = start; t < start + length; t++) if (song.Presence[t, song.TargetIndex]) playing++;
            if (playing >= minimumFraction * length) starts.Add(start);
        }
        return starts.ToArray();
    }
}

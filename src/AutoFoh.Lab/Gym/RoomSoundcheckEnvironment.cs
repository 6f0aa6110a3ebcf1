using AutoFoh.Simulation.Microphones;
using AutoFoh.Simulation.Scenes;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Separation;
using AutoFoh.Dsp.Bands;

namespace AutoFoh.Lab.Gym;

/// <summary>How the coach hears the band in the room condition.</summary>
public enum RoomListening
{
    /// <summary>Every live window through <see cref="RoomConditionOptions.Separator"/> (or the oracle), the section's ideal.</summary>
    Separate,

    /// <summary>The coach hears the band (it follows the song and tracks every level since the line check): the takes at its tracked levels, each window with its passage's ideal.</summary>
    Tracking,

    /// <summary>Every step the target plays its passage alone again (a recheck); advice from that solo take against the passage's ideal.</summary>
    Recheck,

    /// <summary>The coach: the line check's self-test decides per episode, tracking when the target is trackable, rechecks when it is flagged.</summary>
    Coach,
}

/// <summary>Settings of the gym's realistic condition.</summary>
public sealed record RoomConditionOptions
{
    /// <summary>Length of each instrument's line-check take.</summary>
    public int LineCheckSeconds { get; init; } = 10;

    /// <summary>Self-noise of the laptop microphone is drawn in this range (dBFS).</summary>
    public (double Low, double High) SelfNoiseDbfs { get; init; } = (-75, -60);

    /// <summary>Half the episodes get crowd noise, drawn in this range (dBFS).</summary>
    public (double Low, double High) CrowdNoiseDbfs { get; init; } = (-50, -38);

    /// <summary>
    /// Makes the separator from the line-check takes (instruments, takes, sample rate, analysis window);
    /// null for the oracle, which hands the policy the true room-rendered stems.
    /// </summary>
    public Func<IReadOnlyList<string>, IReadOnlyList<float[]>, int, int, ISpectralSeparator>? Separator { get; init; }

    public string SeparatorName { get; init; } = "oracle";

    /// <summary>How the policy hears the band; see <see cref="RoomListening"/>.</summary>
    public RoomListening Listening { get; init; } = RoomListening.Separate;

    /// <summary>
    /// True (the default): the line check is played at the episode's initial levels, as a band arrives
    /// with its amplifiers where they were left, so the coach's first advice can come from the solo takes.
    /// False: the line check is at the reference balance and the error appears afterwards.
    /// </summary>
    public bool LineCheckAtInitialLevel { get; init; } = true;

    /// <summary>The coach's self-test calls an instrument trackable when it follows it within this many dB.</summary>
    public double SelfTestToleranceDb { get; init; } = LineCheckTakes.TrackableToleranceDb;

    /// <summary>Seconds of room tone (nobody playing) recorded with the line check; 0 records none.</summary>
    public int RoomToneSeconds { get; init; } = 3;

    /// <summary>Where the reference and the coach come from: the one the CLI and the web app use.</summary>
    public ISoundcheckService Service { get; init; } = SoundcheckService.Default;
}

/// <summary>
/// The gym's realistic condition: every episode puts the band in a new random bar (image-source
/// room, random positions), the laptop in the audience with its microphone's high-pass and noise, and
/// records a line check (each instrument alone, playing its part of the same ten seconds of the song,
/// outside the episode's section where possible) through the same room and microphone. Each step renders the band at
/// the current gain error to the laptop, separates each one-second window with the line checks, and lets
/// the policy advise from the separated estimates. The reward is the ideal condition's (the true stems'
/// dominance against the reference), so conditions compare directly.
///
/// Listening through the coach (<see cref="RoomListening.Tracking"/>, <see cref="RoomListening.Coach"/>), the
/// environment takes the coach that ships from <see cref="RoomConditionOptions.Service"/> and feeds it the
/// laptop's audio second by second as it is played (the lead-in, then every step's seconds at that step's
/// gain); the policy judges from the levels the coach tracks.
///
/// The room is linear, so each instrument is rendered once per episode and the steps only re-weigh it.
/// Presence (who plays, which selects the reference's ideal) comes from the dry stems, as in the ideal
/// condition.
/// </summary>
public sealed class RoomSoundcheckEnvironment : ISoundcheckEnvironment
{
    private readonly GymSong _song;
    private readonly StemSet _stems;
    private readonly RoomConditionOptions _room;
    private readonly int[] _sectionStarts;
    private readonly int _sectionLength;
    private readonly PerceptualDominance _analysis;
    private readonly float[] _shares;
    private float[][] _rendered = [];   // per instrument, the section (with a lead-in) at the laptop
    private float[] _noise = [];
    private int _leadIn, _cursor;
    private ISpectralSeparator? _separator;
    private readonly float[] _window;
    private float[][] _estimates = [];
    private readonly Lazy<ReferenceModel> _reference;
    private AlignedLineCheck? _aligned;
    private bool _leadInHeard;
    private float[] _targetTakeClean = [];
    private double _lineCheckErrorDb;
    private int _takeWindowCursor, _rechecks;
    private RoomListening _listening;

    public RoomSoundcheckEnvironment(GymSong song, StemSet stems, GymOptions? options = null, RoomConditionOptions? room = null)
    {
        _song = song;
        _stems = stems;
        Options = options ?? new GymOptions { InitialOffsetRangeDb = 30 };
        _room = room ?? new RoomConditionOptions();
        _sectionLength = Math.Min(Options.SectionSeconds, song.FrameCount);
        _sectionStarts = SoundcheckEnvironment.EligibleSections(song, _sectionLength, Options.MinimumPlayingFraction);
        if (_sectionStarts.Length == 0)
            throw new InvalidOperationException($"{song.Name}: '{song.Target}' plays in fewer than {Options.MinimumPlayingFraction:P0} of the seconds of every {_sectionLength} s section");
        _analysis = new PerceptualDominance(stems.SampleRateHz, stems.Count);
        _shares = new float[CriticalBands.Count * stems.Count];
        _window = new float[_analysis.WindowSamples];
        _reference = new(() => _room.Service.BuildReference(stems));
    }

    /// <summary>"flagged" when the coach's self-test could not follow the target this episode (it then asked for rechecks).</summary>
    public string? EpisodeFlag { get; private set; }

    public GymOptions Options { get; }
    public string SongName => _song.Name;
    public double GainErrorDb { get; private set; }
    public int SectionStart { get; private set; }

    /// <summary>The last episode's scene (for inspection and tests).</summary>
    public StageScene? Scene { get; private set; }

    /// <summary>The last episode's coach, from <see cref="RoomConditionOptions.Service"/> (null when the episode separates instead).</summary>
    public LiveCoach? Coach { get; private set; }

    public IReadOnlyList<ObservedFrame> Reset(Random random)
    {
        SectionStart = _sectionStarts[random.Next(_sectionStarts.Length)];
        GainErrorDb = (random.NextDouble() * 2 - 1) * Options.InitialOffsetRangeDb;
        _cursor = 0;
        int rate = _stems.SampleRateHz, n = _stems.Count;
        var scene = StageScene.RandomBar(_stems.Instruments, random, rate);
        Scene = scene;
        bool crowd = random.NextDouble() < 0.5;
        double selfNoise = Draw(random, _room.SelfNoiseDbfs);
        double crowdNoise = crowd ? Draw(random, _room.CrowdNoiseDbfs) : double.NegativeInfinity;
        var microphone = new LaptopMicrophone(80 + 60 * random.NextDouble(), selfNoise, crowdNoise, random.Next());

        // The section with a lead-in, so its first second already carries the room's reverberation.
        _leadIn = Math.Min(2 * rate, SectionStart * rate);
        int from = SectionStart * rate - _leadIn, length = _leadIn + _sectionLength * rate;
        _rendered = new float[n][];
        for (int i = 0; i < n; i++) _rendered[i] = scene.CaptureAtLaptop(i, _stems.Samples[i].AsSpan(from, Math.Min(length, _stems.Length - from)), length, 0, microphone.HighPassHz);
        _noise = (microphone with { Seed = microphone.Seed + 1 }).Capture(new float[length], rate);

        // Line checks: each instrument alone, playing its part of the same passage (as a coach asks: "the
        // chorus riff, once each"), from outside the section, with its own noise.
        var takes = new float[n][];
        int start = Math.Max(0, _song.Presence.BestWindowStart(_room.LineCheckSeconds, random, SectionStart, _sectionLength)) * rate;
        for (int i = 0; i < n; i++)
        {
            int takeLength = _room.LineCheckSeconds * rate;
            var dry = _stems.Samples[i].AsSpan(start, Math.Min(takeLength, _stems.Length - start)).ToArray();
            var take = scene.CaptureAtLaptop(i, dry, dry.Length, 0, microphone.HighPassHz);
            if (i == _song.TargetIndex)
            {
                _targetTakeClean = (float[])take.Clone();
                _lineCheckErrorDb = _room.LineCheckAtInitialLevel ? GainErrorDb : 0;
                float initial = (float)Math.Pow(10, _lineCheckErrorDb / 20);
                for (int k = 0; k < take.Length; k++) take[k] *= initial;
            }
            var noise = (microphone with { Seed = microphone.Seed + 2 + i }).Capture(new float[take.Length], rate);
            for (int k = 0; k < take.Length; k++) take[k] += noise[k];
            takes[i] = take;
        }
        // The room tone: the same microphone with nobody playing.
        var roomTone = _room.RoomToneSeconds > 0 ? (microphone with { Seed = microphone.Seed + 500 }).Capture(new float[_room.RoomToneSeconds * rate], rate) : null;
        // The laptop's input gain, set at the line check so the loudest take peaks at −6 dBFS (the floats
        // of the simulation never clip, a real input would), applies to everything the laptop records.
        float peak = takes.Max(t => t.Max(Math.Abs));
        _inputGain = 1f;
        if (peak > 0.5f)
        {
            _inputGain = 0.5f / peak;
            foreach (var signal in takes.Concat(_rendered).Append(_targetTakeClean).Append(_noise).Concat(roomTone is null ? [] : [roomTone]))
                for (int k = 0; k < signal.Length; k++) signal[k] *= _inputGain;
        }
        _microphone = microphone;
        _estimates = Enumerable.Range(0, n).Select(_ => new float[_analysis.WindowSamples / 2 + 1]).ToArray();
        _listening = _room.Listening;
        EpisodeFlag = null;
        _separator = null;
        Coach = null;
        _aligned = null;
        _leadInHeard = false;
        _takeWindowCursor = 0;
        _rechecks = 0;
        if (_listening == RoomListening.Separate)
            _separator = _room.Separator?.Invoke(_stems.Instruments, takes, rate, _analysis.WindowSamples);
        else
        {
            var lineCheck = new LineCheckTakes(_stems.Instruments, takes, rate, roomTone);
            Coach = _room.Service.Coach(_reference.Value, lineCheck, new CoachOptions { SelfTestToleranceDb = _room.SelfTestToleranceDb });
            _aligned = Coach.Aligned;
            if (_listening == RoomListening.Coach)
            {
                bool trackable = Coach.SelfTest[_song.TargetIndex].Trackable;
                EpisodeFlag = trackable ? "trackable" : "flagged";
                _listening = trackable ? RoomListening.Tracking : RoomListening.Recheck;
            }
        }
        // The first advice always comes from the line check's solo takes, before the band plays.
        return _listening == RoomListening.Separate ? Observe() : SoloObservation(recheck: false);
    }

    public (double Reward, IReadOnlyList<ObservedFrame> Observation) Step(double changeDb)
    {
        if (!double.IsFinite(changeDb)) throw new ArgumentOutOfRangeException(nameof(changeDb), changeDb, "a gain change must be finite");
        GainErrorDb = Math.Clamp(GainErrorDb + changeDb, -Options.GainLimitDb, Options.GainLimitDb);
        // The reward of the seconds about to be heard, from the true stems (as the ideal condition).
        double reward = 0;
        for (int k = 0; k < Options.SecondsPerStep; k++)
        {
            int t = SectionStart + (_cursor + k) % _sectionLength;
            new ObservedFrame(_song.Frames[t], GainErrorDb, _song.Ideal[t]).Shares(0, _shares);
            reward -= MixState.AbsoluteDifference(_shares, _song.Ideal[t]);
        }
        return (reward / Options.SecondsPerStep, Observe());
    }

    private LaptopMicrophone _microphone = new();
    private float _inputGain = 1f;

    /// <summary>
    /// The takes' windows as the policy hears them: the line check as recorded (the first advice), or with
    /// the target replaced by a fresh solo take at its current level (a recheck, with its own noise).
    /// </summary>
    private List<ObservedFrame> SoloObservation(bool recheck)
    {
        var aligned = _aligned!;
        // The first advice hears the whole line check; a recheck is the musician alone for a step's seconds.
        int count = recheck ? Options.SecondsPerStep : aligned.Windows, first = _takeWindowCursor;
        _takeWindowCursor += count;
        if (!recheck) return aligned.Frames(_song.TargetIndex, null, null, first, count);
        float gain = (float)Math.Pow(10, GainErrorDb / 20);
        // The same microphone and input gain as the line check, with fresh noise.
        var noise = (_microphone with { Seed = _microphone.Seed + 1000 + _rechecks++ }).Capture(new float[_targetTakeClean.Length], _stems.SampleRateHz);
        var take = new float[_targetTakeClean.Length];
        for (int k = 0; k < take.Length; k++) take[k] = gain * _targetTakeClean[k] + _inputGain * noise[k];
        return aligned.Frames(_song.TargetIndex, null, aligned.WindowsOf(take, _song.TargetIndex), first, count);
    }

    private List<ObservedFrame> Observe()
    {
        if (_listening == RoomListening.Recheck) return SoloObservation(recheck: true);
        int n = _stems.Count, target = _song.TargetIndex, hop = _analysis.HopSamples;
        float gain = (float)Math.Pow(10, GainErrorDb / 20);
        var frames = new List<ObservedFrame>(Options.SecondsPerStep);
        for (int k = 0; k < Options.SecondsPerStep; k++)
        {
            int second = (_cursor + k) % _sectionLength;
            int start = _leadIn + second * hop;
            if (_listening == RoomListening.Tracking)
            {
                var coach = Coach!;
                if (!_leadInHeard)
                {
                    // The band starts playing just before the section (its lead-in), at the level the first advice left.
                    for (int s = 0; s + _window.Length <= _leadIn; s += _window.Length) { MixWindow(s, gain, target); coach.Listen(_window); }
                    _leadInHeard = true;
                }
                MixWindow(start, gain, target);
                coach.Listen(_window);
                // The coach measures against the line check; the takes carry the line-check levels.
                frames.AddRange(_aligned!.Frames(target, coach.LastChangesDb.ToArray(), null, _takeWindowCursor++, 1));
                continue;
            }
            if (_separator is null)
            {
                for (int i = 0; i < n; i++)
                {
                    float g = i == target ? gain : 1f;
                    var source = _rendered[i].AsSpan(start, _window.Length);
                    for (int s = 0; s < _window.Length; s++) _window[s] = g * source[s];
                    _analysis.LoadMagnitudes(i, _window);
                    _analysis.Magnitudes(i).CopyTo(_estimates[i]);
                }
            }
            else
            {
                MixWindow(start, gain, target);
                _analysis.LoadMagnitudes(0, _window);
                var mic = _analysis.Magnitudes(0).ToArray();
                _separator.Separate(_window, mic, _estimates);
            }
            var sorted = new SortedFrameSpectra(_analysis, target, _estimates);
            frames.Add(new ObservedFrame(sorted, 0, _song.Ideal[SectionStart + second]));
        }
        _cursor = (_cursor + Options.SecondsPerStep) % _sectionLength;
        return frames;
    }

    /// <summary>The laptop's window: every instrument at its gain, plus the microphone's noise.</summary>
    private void MixWindow(int start, float targetGain, int target)
    {
        _noise.AsSpan(start, _window.Length).CopyTo(_window);
        for (int i = 0; i < _rendered.Length; i++)
        {
            float g = i == target ? targetGain : 1f;
            var source = _rendered[i].AsSpan(start, _window.Length);
            for (int s = 0; s < _window.Length; s++) _window[s] += g * source[s];
        }
    }

    private static double Draw(Random random, (double Low, double High) range) => range.Low + (range.High - range.Low) * random.NextDouble();
}

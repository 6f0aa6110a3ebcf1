using AutoFoh.Dsp.Transforms;
using AutoFoh.Dsp.Windows;

namespace AutoFoh.Dsp.Feedback;

/// <summary>
/// Finds acoustic feedback (howling) in one microphone channel, the way the howling-detection literature
/// surveyed by van Waterschoot and Moonen ("Fifty years of acoustic feedback control", Proc. IEEE 99(2), 2011)
/// does it: spectral peaks are followed from frame to frame, each described by the features of that survey,
/// and a peak is called a howl only when they agree. Music has harmonics, vibrato, note changes and decays;
/// feedback is a near-pure tone at a stable frequency whose level keeps growing against everything else.
///
/// Per analysis frame (Hann window of <see cref="FftSize"/>, every <see cref="Hop"/> samples) and per peak:
/// <list type="bullet">
/// <item><b>PTPR</b> (peak-to-threshold): the peak is above <see cref="HowlDetectorSettings.FloorDbfs"/>.</item>
/// <item><b>PNPR</b> (peak-to-neighbouring): over the mean power 3-10 bins away on its quieter side; a howl is
/// one bin wide, a note's partial in a dense mix often is not.</item>
/// <item><b>PHPR</b> (peak-to-harmonic): over its harmonics (2f, 3f) and sub-harmonics (f/2, f/3): a note has
/// a harmonic series, a howl is a sine.</item>
/// <item><b>PAPR</b> (peak-to-average): over the frame's mean power. Its slope is what tells feedback from a
/// crescendo: when the whole band (or the note with its harmonics) gets louder, the peak and the average rise
/// together and PAPR stays; a howl rises alone.</item>
/// <item><b>IPMP</b> (interframe peak magnitude persistence): a peak in the same bin (±1) in every one of the
/// last frames; note changes and vibrato break it.</item>
/// <item><b>IMSD</b> (interframe magnitude slope deviation): a howl grows exponentially, a straight line in dB;
/// the deviation of the short-span slopes from the long-span slope is small. Attacks and decays of notes bend.</item>
/// </list>
/// A peak becomes a howl (<see cref="HowlTrack.Confirmed"/>) when, over the last
/// <see cref="HowlDetectorSettings.GrowthFrames"/> frames, it persisted at a stable frequency, grew steadily by
/// enough both in level and against the rest of the spectrum, and is narrow and pure now; and this held for
/// <see cref="HowlDetectorSettings.ConfirmFrames"/> frames in a row. That is the hysteresis: entering takes all of
/// it, while a confirmed track stays a howl as long as its peak is there, however it changes (the caller's notch
/// makes it fall; that is not a reason to forget it).
///
/// Runs on a worker thread (never the audio thread); allocates nothing after construction.
/// </summary>
public sealed class HowlDetector
{
    private const int MaxTracks = 24, History = 64, MaxPeaks = 64;
    private readonly HowlDetectorSettings _settings;
    private readonly int _rate, _size, _hop, _bins, _lowBin, _highBin;
    private readonly RealFft _fft;
    private readonly float[] _window, _ring, _frame, _magnitude;
    private readonly double[] _db, _prefix;
    private readonly double _reference;
    private readonly HowlTrack[] _tracks = new HowlTrack[MaxTracks];
    private readonly int[] _peakBins = new int[MaxPeaks];
    private readonly double[] _peakPnpr = new double[MaxPeaks];   // each peak's PNPR, computed once a frame
    private readonly bool[] _peakTaken = new bool[MaxPeaks];
    private int _write, _filled, _sinceHop, _nextId = 1;
    private long _frames;

    public HowlDetector(int sampleRateHz, HowlDetectorSettings? settings = null)
    {
        if (sampleRateHz < 8000) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "at least 8 kHz");
        _settings = settings ?? new HowlDetectorSettings();
        _rate = sampleRateHz;
        // About 43 ms and 11 ms at 44.1-48 kHz, whatever the rate: a 21-23 Hz bin, fine enough for a notch.
        _size = sampleRateHz > 64000 ? 4096 : 2048;
        _hop = _size / 4;
        _fft = new RealFft(_size);
        _window = Window.Create(WindowType.Hann, _size);
        _ring = new float[_size];
        _frame = new float[_size];
        _bins = _size / 2 + 1;
        _magnitude = new float[_bins];
        _db = new double[_bins];
        _prefix = new double[_bins + 1];
        double windowSum = 0;
        foreach (float w in _window) windowSum += w;
        _reference = 20 * Math.Log10(windowSum / 2);   // a full-scale sine's peak magnitude: 0 dB
        _lowBin = Math.Max(3, (int)Math.Ceiling(_settings.LowestHz * _size / sampleRateHz));
        _highBin = Math.Min(_bins - 12, (int)(Math.Min(_settings.HighestHz, 0.45 * sampleRateHz) * _size / sampleRateHz));
        for (int i = 0; i < MaxTracks; i++) _tracks[i] = new HowlTrack(History);
    }

    public int SampleRateHz => _rate;
    public int FftSize => _size;
    /// <summary>Samples between analysis frames.</summary>
    public int Hop => _hop;
    /// <summary>Seconds between analysis frames.</summary>
    public double FrameSeconds => _hop / (double)_rate;
    /// <summary>Analysis frames so far.</summary>
    public long Frames => _frames;
    public HowlDetectorSettings Settings => _settings;
    /// <summary>The peaks followed now; a slot is in use when <see cref="HowlTrack.Alive"/>.</summary>
    public ReadOnlySpan<HowlTrack> Tracks => _tracks;

    public void Reset()
    {
        Array.Clear(_ring);
        _write = _filled = _sinceHop = 0;
        _frames = 0;
        foreach (var t in _tracks) t.Kill();
    }

    /// <summary>Hears samples; returns how many analysis frames they completed (the tracks are then up to date).</summary>
    public int Push(ReadOnlySpan<float> samples)
    {
        int analysed = 0;
        foreach (float v in samples)
        {
            _ring[_write] = float.IsFinite(v) ? v : 0;
            _write = (_write + 1) & (_size - 1);
            if (_filled < _size) _filled++;
            if (++_sinceHop >= _hop && _filled == _size)
            {
                _sinceHop = 0;
                Analyse();
                analysed++;
            }
        }
        return analysed;
    }

    private void Analyse()
    {
        _frames++;
        _ring.AsSpan(_write).CopyTo(_frame);
        _ring.AsSpan(0, _write).CopyTo(_frame.AsSpan(_size - _write));
        _fft.ForwardMagnitude(_frame, _window, _magnitude);
        _prefix[0] = 0;
        for (int k = 0; k < _bins; k++)
        {
            double p = (double)_magnitude[k] * _magnitude[k];
            _prefix[k + 1] = _prefix[k] + p;
            _db[k] = 10 * Math.Log10(p + 1e-30) - _reference;
        }
        double totalPower = _prefix[_highBin + 1] - _prefix[_lowBin];
        int peaks = FindPeaks();
        Array.Clear(_peakTaken, 0, peaks);
        // Every live track takes the nearest peak within 1.5 bins, loudest tracks first so two never swap.
        foreach (var track in _tracks)
        {
            if (!track.Alive) continue;
            int best = -1;
            double bestDistance = 1.5;
            for (int i = 0; i < peaks; i++)
            {
                if (_peakTaken[i]) continue;
                double distance = Math.Abs(Interpolated(_peakBins[i]) - track.Bin);
                if (distance <= bestDistance) { best = i; bestDistance = distance; }
            }
            // The exit side of the hysteresis: a confirmed howl is still there while its peak stands out at all (a
            // notched one sinks into the music); a bin of noise that happens to peak near it does not keep it.
            if (best >= 0 && (!track.Confirmed || _peakPnpr[best] >= _settings.HoldPnprDb))
            {
                _peakTaken[best] = true;
                Observe(track, _peakBins[best], _peakPnpr[best], totalPower);
            }
            else Miss(track, totalPower);
        }
        // New peaks start tracks in free slots (or in place of the quietest unconfirmed one, if quieter than them).
        for (int i = 0; i < peaks; i++)
        {
            if (_peakTaken[i]) continue;
            var slot = FreeSlot(_db[_peakBins[i]]);
            if (slot is null) continue;
            slot.Start(_nextId++, _frames);
            Observe(slot, _peakBins[i], _peakPnpr[i], totalPower);
        }
    }

    /// <summary>Local maxima above the floor and prominent enough to follow (a loose gate: the decision is later).</summary>
    private int FindPeaks()
    {
        int count = 0;
        for (int k = _lowBin; k <= _highBin && count < MaxPeaks; k++)
        {
            double m = _db[k];
            if (m < _settings.FloorDbfs || m <= _db[k - 1] || m < _db[k + 1] || m < _db[k - 2] || m < _db[k + 2]) continue;
            double pnpr = Neighbouring(k);
            if (pnpr < _settings.FollowPnprDb) continue;
            _peakPnpr[count] = pnpr;
            _peakBins[count++] = k;
        }
        return count;
    }

    /// <summary>PNPR (dB): the peak over the mean power of bins 3..10 away, on its quieter side.</summary>
    private double Neighbouring(int k)
    {
        int lo = Math.Max(0, k - 10), hi = Math.Min(_bins - 1, k + 10);
        double left = k - 3 >= lo ? (_prefix[k - 2] - _prefix[lo]) / (k - 2 - lo) : double.PositiveInfinity;
        double right = hi >= k + 3 ? (_prefix[hi + 1] - _prefix[k + 3]) / (hi - k - 2) : double.PositiveInfinity;
        double around = Math.Min(left, right);
        return _db[k] + _reference - 10 * Math.Log10(around + 1e-30);
    }

    /// <summary>
    /// PHPR (dB): the peak over the loudest of its harmonics 2f, 3f and sub-harmonics f/2, f/3 (±1 bin) that is itself
    /// a peak standing <see cref="HowlDetectorSettings.FollowPnprDb"/> over its neighbours: a harmonic series is made
    /// of peaks, while the slope of the music's spectrum (the bass under a howl at 1.4 kHz) is not one.
    /// </summary>
    private double Harmonic(double bin)
    {
        double loudest = double.NegativeInfinity;
        foreach (double ratio in (ReadOnlySpan<double>)[2.0, 3.0, 0.5, 1.0 / 3])
        {
            double b = bin * ratio;
            if (b < _lowBin || b > _bins - 12) continue;
            int centre = (int)Math.Round(b);
            for (int j = centre - 1; j <= centre + 1; j++)
                if (_db[j] > _db[j - 1] && _db[j] >= _db[j + 1] && _db[j] > loudest && Neighbouring(j) >= _settings.FollowPnprDb) loudest = _db[j];
        }
        int k = (int)Math.Round(bin);
        return double.IsNegativeInfinity(loudest) ? 60 : _db[k] - loudest;
    }

    /// <summary>The peak's bin refined by a parabola through the log magnitudes around it.</summary>
    private double Interpolated(int k)
    {
        double a = _db[k - 1], b = _db[k], c = _db[k + 1];
        double denominator = a - 2 * b + c;
        return denominator < 0 ? k + Math.Clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : k;
    }

    private HowlTrack? FreeSlot(double levelDb)
    {
        HowlTrack? quietest = null;
        foreach (var t in _tracks)
        {
            if (!t.Alive) return t;
            if (!t.Confirmed && (quietest is null || t.LevelDbfs < quietest.LevelDbfs)) quietest = t;
        }
        return quietest is not null && quietest.LevelDbfs < levelDb ? quietest : null;
    }

    /// <summary>
    /// PAPR against the rest (dB): the peak over the mean power of the band without the peak's own 7 bins, so a howl that
    /// already dominates the frame still reads as rising against the music.
    /// </summary>
    private double AgainstTheRest(int k, double totalPower)
    {
        int lo = Math.Max(_lowBin, k - 3), hi = Math.Min(_highBin, k + 3);
        double rest = (totalPower - (_prefix[hi + 1] - _prefix[lo])) / Math.Max(1, _highBin + 1 - _lowBin - (hi + 1 - lo));
        return _db[k] + _reference - 10 * Math.Log10(Math.Max(rest, 0) + 1e-30);
    }

    private void Observe(HowlTrack track, int k, double pnpr, double totalPower)
    {
        double bin = Interpolated(k);
        track.Push(bin, _rate / (double)_size, _db[k], AgainstTheRest(k, totalPower), pnpr, Harmonic(bin), present: true);
        Decide(track);
    }

    private void Miss(HowlTrack track, double totalPower)
    {
        // No peak near it this frame: its level is what its bin holds now (it may be falling under a notch).
        int k = Math.Clamp((int)Math.Round(track.Bin), _lowBin, _highBin);
        track.Push(track.Bin, _rate / (double)_size, _db[k], AgainstTheRest(k, totalPower), Neighbouring(k), 0, present: false);
        if (track.Misses > (track.Confirmed ? _settings.ConfirmedMissFrames : _settings.MissFrames)) track.Kill();
        else Decide(track);
    }

    /// <summary>The decision, with its reasons; see the class summary.</summary>
    private void Decide(HowlTrack track)
    {
        var s = _settings;
        double perSecond = 1 / FrameSeconds;
        track.GrowthDbPerSecond = track.Count >= 4 ? track.Slope(Math.Min(track.Count, 8), useRelative: false) * perSecond : 0;
        if (track.Confirmed) return;
        bool candidate = Judge(track, s.GrowthFrames, perSecond);
        track.Streak = candidate ? track.Streak + 1 : 0;
        if (track.Streak >= s.ConfirmFrames)
        {
            track.Confirm(_frames);
            track.Reason = FormattableString.Invariant(
                $"level {track.LevelDbfs:0.0} dBFS, PNPR {track.Neighbouring:0} dB, PHPR {track.Harmonic:0} dB, growth {track.Features.GrowthDbPerSecond:0} dB/s (against the frame {track.Features.RelativeDbPerSecond:0}), rise {track.Features.RiseDb:0.0} dB over {track.Features.Frames} frames, PNPR up {track.Features.EmergenceDb:0.0} dB, bin spread {track.Features.BinSpread:0.00}, IMSD {track.Features.ImsdDb:0.0} dB");
        }
    }

    /// <summary>Whether the track looks like a howl over its last <paramref name="n"/> frames (the features are kept for inspection).</summary>
    private bool Judge(HowlTrack track, int n, double perSecond)
    {
        var s = _settings;
        if (track.Count < n || !track.Present || !track.PresentInLast(n)) return false;
        double growth = track.Slope(n, useRelative: false) * perSecond;
        double relative = track.Slope(n, useRelative: true) * perSecond;
        // The frequency is judged over the recent part only: a howl that rises out of a note nearby pulls the peak to it.
        double rise = track.Rise(n), spread = track.BinSpread(Math.Min(n, s.SpreadFrames)), imsd = track.SlopeDeviation(n);
        track.Features = new HowlFeatures(n, growth, relative, rise, spread, imsd);
        double emergence = track.Emergence(n);
        track.Features = track.Features with { EmergenceDb = emergence };
        // A howl in a quiet channel (a vocal microphone between songs) towers over its surroundings from its first frame:
        // its PNPR is its own window's sidelobes and cannot rise; there the rise in level has to speak alone.
        bool towering = track.Neighbouring >= s.ToweringPnprDb && track.ProminenceAt(n - 1) >= s.ToweringPnprDb;
        return track.Neighbouring >= s.PnprDb
            && (emergence >= s.MinEmergenceDb || towering)
            && track.Harmonic >= s.PhprDb
            && spread <= s.MaxBinSpread
            && rise >= s.MinRiseDb
            && growth >= s.MinGrowthDbPerSecond
            && relative >= s.MinRelativeShare * growth
            && imsd <= s.MaxImsdDb
            && PartnerGrowth(track, n) < s.MaxPartnerShare * growth;
    }

    /// <summary>
    /// PHPR over time: the fastest growth (dB/s) among the tracks at the peak's harmonics and sub-harmonics (2, 3, 1/2,
    /// 1/3, 3/2, 2/3 times its frequency). A note that swells swells with its partials; a howl that happens to sit on a
    /// partial of the music grows alone, which a PHPR of levels alone would miss.
    /// </summary>
    private double PartnerGrowth(HowlTrack track, int n)
    {
        double fastest = double.NegativeInfinity;
        double tolerance = Math.Max(1.5, 0.01 * track.Bin);
        foreach (var other in _tracks)
        {
            // A partner is judged over the frames it has been there, up to the window (a weaker partial surfaces later).
            int m = Math.Min(n, other.PresentRun());
            if (other == track || !other.Alive || m < 6) continue;
            foreach (double ratio in (ReadOnlySpan<double>)[2.0, 3.0, 0.5, 1.0 / 3, 1.5, 2.0 / 3])
                if (Math.Abs(other.Bin - ratio * track.Bin) <= tolerance * Math.Max(1, ratio))
                    fastest = Math.Max(fastest, other.Slope(m, useRelative: false) / FrameSeconds);
        }
        return fastest;
    }
}

/// <summary>The howling detector's thresholds; the defaults are the tuned ones (docs/results.md, "Feedback").</summary>
public sealed record HowlDetectorSettings
{
    /// <summary>Band searched (Hz): below, a bin is too wide for a notch; above, no PA howls.</summary>
    public double LowestHz { get; init; } = 60;
    public double HighestHz { get; init; } = 16000;
    /// <summary>PTPR: no howl is quieter than this (dB re a full-scale sine).</summary>
    public double FloorDbfs { get; init; } = -80;
    /// <summary>PNPR a peak needs to be followed at all.</summary>
    public double FollowPnprDb { get; init; } = 6;
    /// <summary>PNPR a howl needs now, and how much its PNPR must have grown over the window (it rises out of the music).</summary>
    public double PnprDb { get; init; } = 20;
    public double MinEmergenceDb { get; init; } = 6;
    /// <summary>PNPR (dB) over which a peak stands alone (a pure tone over silence): it need not rise.</summary>
    public double ToweringPnprDb { get; init; } = 40;
    /// <summary>
    /// Static PHPR a howl needs now. Off by default: the music under a howl often has louder partials at the howl's
    /// harmonics; the harmonic partners' growth (<see cref="MaxPartnerShare"/>) is what tells a swelling note.
    /// </summary>
    public double PhprDb { get; init; } = -100;
    /// <summary>The frames (≈ 11 ms each) over which growth is judged, and the recent ones over which the frequency must hold.</summary>
    public int GrowthFrames { get; init; } = 24;
    public int SpreadFrames { get; init; } = 8;
    /// <summary>IPMP: the largest spread of the peak's (interpolated) bin over the recent frames.</summary>
    public double MaxBinSpread { get; init; } = 0.5;
    /// <summary>The rise (dB) over the window, and the least-squares growth (dB/s) it needs.</summary>
    public double MinRiseDb { get; init; } = 12;
    public double MinGrowthDbPerSecond { get; init; } = 15;
    /// <summary>The part of the growth that must be against the rest of the frame (slope of PAPR / slope of level).</summary>
    public double MinRelativeShare { get; init; } = 0.6;
    /// <summary>A harmonic partner growing at this share of the peak's growth or more makes it music.</summary>
    public double MaxPartnerShare { get; init; } = 0.5;
    /// <summary>IMSD (dB): how far the growth may bend from a straight line in dB.</summary>
    public double MaxImsdDb { get; init; } = 1;
    /// <summary>PNPR (dB) at which a confirmed howl still counts as there (the exit side of the hysteresis).</summary>
    public double HoldPnprDb { get; init; } = 15;
    /// <summary>Consecutive frames all of it must hold (the entry side of the hysteresis).</summary>
    public int ConfirmFrames { get; init; } = 3;
    /// <summary>Frames a peak may be missing before its track is dropped: unconfirmed, confirmed (a notched howl sinks into the music).</summary>
    public int MissFrames { get; init; } = 2;
    public int ConfirmedMissFrames { get; init; } = 90;
}

/// <summary>A track's growth features over the decision window (frames), for inspection: growth and growth against the frame (dB/s), rise (dB), bin spread, IMSD (dB).</summary>
public readonly record struct HowlFeatures(int Frames, double GrowthDbPerSecond, double RelativeDbPerSecond, double RiseDb, double BinSpread, double ImsdDb)
{
    /// <summary>How much its PNPR grew over the window (dB).</summary>
    public double EmergenceDb { get; init; }
}

/// <summary>One spectral peak followed over frames, with the history its features are computed from.</summary>
public sealed class HowlTrack
{
    private readonly double[] _level, _relative, _bin, _prominence;
    private readonly bool[] _present;
    private int _head;

    internal HowlTrack(int history)
    {
        _level = new double[history];
        _relative = new double[history];
        _bin = new double[history];
        _prominence = new double[history];
        _present = new bool[history];
    }

    /// <summary>In use.</summary>
    public bool Alive { get; private set; }
    /// <summary>A number no other track of this detector has had.</summary>
    public int Id { get; private set; }
    /// <summary>Judged a howl (and stays one until the track ends).</summary>
    public bool Confirmed { get; private set; }
    /// <summary>The frame it was confirmed at.</summary>
    public long ConfirmedAtFrame { get; private set; }
    public long StartFrame { get; private set; }
    public double Bin { get; private set; }
    public double FrequencyHz { get; private set; }
    /// <summary>Level now against the rest of the band (dB, PAPR without the peak).</summary>
    public double RelativeDb { get; private set; }
    /// <summary>Level now (dB re a full-scale sine).</summary>
    public double LevelDbfs { get; private set; }
    /// <summary>Growth over the last few frames (dB/s).</summary>
    public double GrowthDbPerSecond { get; internal set; }
    public double Neighbouring { get; private set; }
    public double Harmonic { get; private set; }
    /// <summary>A peak was found at it this frame.</summary>
    public bool Present { get; private set; }
    /// <summary>Frames in a row without a peak.</summary>
    public int Misses { get; private set; }
    /// <summary>Frames observed (capped at the history length).</summary>
    public int Count { get; private set; }
    internal int Streak { get; set; }
    /// <summary>Why it was confirmed: its features then (written once, at confirmation, on the worker; not for the audio thread).</summary>
    public string Reason { get; internal set; } = "";
    /// <summary>The growth features of the last frame it was judged on (default when it had not been seen long enough).</summary>
    public HowlFeatures Features { get; internal set; }

    internal void Start(int id, long frame)
    {
        Alive = true;
        Id = id;
        Confirmed = false;
        StartFrame = frame;
        Count = Misses = Streak = 0;
        _head = 0;
    }

    internal void Kill()
    {
        Alive = false;
        Confirmed = false;
    }

    internal void Confirm(long frame)
    {
        Confirmed = true;
        ConfirmedAtFrame = frame;
    }

    internal void Push(double bin, double hzPerBin, double levelDb, double relativeDb, double pnpr, double phpr, bool present)
    {
        _head = (_head + 1) % _level.Length;
        _level[_head] = levelDb;
        _relative[_head] = relativeDb;
        _bin[_head] = bin;
        _prominence[_head] = pnpr;
        _present[_head] = present;
        if (Count < _level.Length) Count++;
        Present = present;
        Misses = present ? 0 : Misses + 1;
        LevelDbfs = levelDb;
        RelativeDb = relativeDb;
        if (present)
        {
            // The frequency follows slowly, so a notch placed at it stays put while the peak wobbles.
            Bin = Count == 1 ? bin : 0.7 * Bin + 0.3 * bin;
            FrequencyHz = Bin * hzPerBin;
            Neighbouring = pnpr;
            Harmonic = phpr;
        }
    }

    private int Index(int back) => ((_head - back) % _level.Length + _level.Length) % _level.Length;

    /// <summary>Frames in a row, up to now, that it was present.</summary>
    internal int PresentRun()
    {
        int run = 0;
        while (run < Count && _present[Index(run)]) run++;
        return run;
    }

    internal bool PresentInLast(int frames)
    {
        for (int i = 0; i < frames; i++) if (!_present[Index(i)]) return false;
        return true;
    }

    internal double BinSpread(int frames)
    {
        double lo = double.MaxValue, hi = double.MinValue;
        for (int i = 0; i < frames; i++) { double b = _bin[Index(i)]; lo = Math.Min(lo, b); hi = Math.Max(hi, b); }
        return hi - lo;
    }

    /// <summary>Least-squares slope (dB per frame) of the level, or of the level against the frame's average, over the last frames.</summary>
    internal double Slope(int frames, bool useRelative)
    {
        var values = useRelative ? _relative : _level;
        double meanX = (frames - 1) / 2.0, meanY = 0;
        for (int i = 0; i < frames; i++) meanY += values[Index(frames - 1 - i)];
        meanY /= frames;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < frames; i++)
        {
            double dx = i - meanX;
            sxy += dx * (values[Index(frames - 1 - i)] - meanY);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /// <summary>The level now over the level <paramref name="frames"/> − 1 frames ago, each the mean of two frames.</summary>
    internal double Rise(int frames) => Rise(_level, frames);

    /// <summary>The PNPR <paramref name="back"/> frames ago.</summary>
    internal double ProminenceAt(int back) => _prominence[Index(back)];

    /// <summary>How much the peak's PNPR grew over the frames: a howl rises out of the music around it.</summary>
    internal double Emergence(int frames) => Rise(_prominence, frames);

    private double Rise(double[] values, int frames) =>
        0.5 * (values[Index(0)] + values[Index(1)]) - 0.5 * (values[Index(frames - 1)] + values[Index(frames - 2)]);

    /// <summary>
    /// IMSD (dB per frame, as van Waterschoot and Moonen define it): the mean, over spans m = 1..Q−1, of the
    /// difference between the slope over the whole span Q and the slope over the last m frames; a straight line in dB gives 0.
    /// Returned as the equivalent deviation over the whole span (× Q), so it reads in dB.
    /// </summary>
    internal double SlopeDeviation(int frames)
    {
        double now = _level[Index(0)];
        double whole = (now - _level[Index(frames - 1)]) / (frames - 1);
        double sum = 0;
        for (int m = 1; m < frames - 1; m++) sum += whole - (now - _level[Index(m)]) / m;
        return Math.Abs(sum / (frames - 2)) * (frames - 1);
    }
}

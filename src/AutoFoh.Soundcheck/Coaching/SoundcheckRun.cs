using AutoFoh.Dsp.Bands;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.LineCheck;

namespace AutoFoh.Soundcheck.Coaching;

/// <summary>One second of the coach: its advice for every instrument of the line check and what the microphone heard.</summary>
/// <param name="Window">The window's number in this run, from 1.</param>
/// <param name="LevelDbfs">The window's mean power (dBFS).</param>
/// <param name="Clipping">A sample of the window reached full scale.</param>
/// <param name="Heard">With balance: the line check at its tracked levels, 24 × N shares, band-major (see <see cref="LiveCoach.Balance"/>).</param>
/// <param name="Ideal">With balance: the reference's balance of the line-check passage.</param>
public sealed record CoachedSecond(long Window, double TimeSeconds, CoachAdvice[] Advice, double LevelDbfs, bool Clipping, float[]? Heard, float[]? Ideal);

/// <summary>
/// A room soundcheck as it runs: the coach, fed microphone samples in blocks of any size, advising every
/// full window (one second). Not thread-safe: one microphone feeds it.
/// </summary>
public sealed class SoundcheckRun
{
    private readonly bool _balance;
    private readonly float[] _pending;
    private int _pendingCount;
    private long _windows;

    internal SoundcheckRun(LiveCoach coach, bool balance)
    {
        Coach = coach;
        _balance = balance;
        _pending = new float[coach.WindowSamples];
    }

    public LiveCoach Coach { get; }
    public IReadOnlyList<string> Instruments => Coach.LineCheck.Instruments;
    public int SampleRateHz => Coach.LineCheck.SampleRateHz;
    public int WindowSamples => Coach.WindowSamples;

    /// <summary>What the line check tells before the band plays: the passage not found, the instruments the self-test cannot follow.</summary>
    public IEnumerable<string> Notes()
    {
        if (!Coach.Aligned.Found) yield return "line check: the passage was not found in the reference; judging it against the reference's mean balance";
        foreach (var result in Coach.SelfTest.Where(r => !r.Trackable))
            yield return $"self-test: '{result.Instrument}' cannot be followed in the full band (off by up to {result.WorstErrorDb:0} dB); it is judged from solo takes (recheck)";
    }

    /// <summary>The first advice, from the solo takes (time 0); ask once, before the microphone.</summary>
    public CoachAdvice[] SoloAdvice() => Coach.SoloAdvice().ToArray();

    /// <summary>Forgets a partly filled window (the microphone stream broke off and starts again).</summary>
    public void DropPartialWindow() => _pendingCount = 0;

    /// <summary>Microphone samples (at the line check's rate); the advice of every window they complete, in order.</summary>
    public List<CoachedSecond> Listen(ReadOnlySpan<float> samples)
    {
        var seconds = new List<CoachedSecond>();
        while (samples.Length > 0)
        {
            int take = Math.Min(samples.Length, _pending.Length - _pendingCount);
            samples[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            samples = samples[take..];
            if (_pendingCount < _pending.Length) break;
            _pendingCount = 0;
            seconds.Add(Advise(_pending));
        }
        return seconds;
    }

    private CoachedSecond Advise(float[] window)
    {
        double peak = 0, power = 0;
        foreach (float v in window) { peak = Math.Max(peak, Math.Abs(v)); power += (double)v * v; }
        double levelDbfs = 10 * Math.Log10(power / window.Length + 1e-20);
        long index = ++_windows;
        var advice = Coach.Advise(window, index * window.Length / (double)SampleRateHz);
        float[]? heard = null, ideal = null;
        if (_balance)
        {
            heard = new float[CriticalBands.Count * Instruments.Count];
            ideal = new float[heard.Length];
            Coach.Balance(heard, ideal);
        }
        return new CoachedSecond(index, index * window.Length / (double)SampleRateHz, advice, levelDbfs, peak >= 0.999, heard, ideal);
    }
}

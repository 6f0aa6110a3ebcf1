namespace AutoFoh.Realtime;

/// <summary>
/// What the engine reports, readable from any thread: counters the audio thread bumps with Interlocked
/// (no locks), each channel's applied gain and input level, and the worker's messages (fallbacks,
/// feedback), which only the worker writes.
/// </summary>
public sealed class EngineStatus
{
    private long _blocks, _overruns, _nans, _lateBlocks, _lateDecisions, _feedbackEvents;
    private volatile bool _fallbackActive, _modelLate, _modelFailed;
    private volatile string _message = "";

    public EngineStatus(int channels)
    {
        AppliedGainDb = new float[channels];
        InputPeakDbfs = new float[channels];
        AutomaticGainDb = new float[channels];
        FeedbackPullDownDb = new float[channels];
    }

    public long Blocks => Interlocked.Read(ref _blocks);
    /// <summary>Blocks whose input the worker had no room for (it fell behind).</summary>
    public long Overruns => Interlocked.Read(ref _overruns);
    /// <summary>Input samples that were bad (not numbers, or finite past +60 dBFS: <see cref="Dsp.Processing.InputGuard"/>), replaced by silence.</summary>
    public long BadSamplesReplaced => Interlocked.Read(ref _nans);
    /// <summary>Blocks the model's decisions were later than the late limit (Dugan gain sharing in force).</summary>
    public long LateBlocks => Interlocked.Read(ref _lateBlocks);
    /// <summary>
    /// The model's decisions that reached the audio thread after the sample they were meant for (the worker
    /// took longer than the decision delay): the gains before them held a little longer, so a live run then
    /// differs from a file render of the same input.
    /// </summary>
    public long LateDecisions => Interlocked.Read(ref _lateDecisions);
    public long FeedbackEvents => Interlocked.Read(ref _feedbackEvents);
    /// <summary>Dugan gain sharing is mixing instead of the model (late, failed or no model).</summary>
    public bool FallbackActive => _fallbackActive;
    /// <summary>The model's decisions are overdue: the last good gains hold (Dugan takes over past the late limit).</summary>
    public bool ModelLate => _modelLate;
    /// <summary>The model threw or gave a NaN; Dugan gain sharing decides on the worker from then on.</summary>
    public bool ModelFailed => _modelFailed;
    /// <summary>How the model's worker thread is scheduled (its nice value, or why it could not be raised); empty before it starts.</summary>
    public string WorkerScheduling => _workerScheduling;
    private volatile string _workerScheduling = "";
    internal void SetWorkerScheduling(string text) => _workerScheduling = text;
    /// <summary>The newest thing the engine has to say (a fallback, a feedback pull-down), empty when all is well.</summary>
    public string Message => _message;
    /// <summary>Per channel, written by the audio thread at the end of each block (a float write is atomic).</summary>
    public float[] AppliedGainDb { get; }
    /// <summary>Each input's peak meter (dBFS): instant attack, falls 12 dB/s (IEC 60268-10 type I: 20 dB in 1.7 s).</summary>
    public float[] InputPeakDbfs { get; }
    /// <summary>What the automixer wants for each channel (dB), before the priority, lock, cap, slew and mute: the model's decision, or Dugan's share in a fallback.</summary>
    public float[] AutomaticGainDb { get; }
    /// <summary>Per channel, how far the feedback detector has pulled the channel down (dB, ≤ 0).</summary>
    public float[] FeedbackPullDownDb { get; }
    /// <summary>The output ceiling's lowest gain in the last block (dB, ≤ 0; 0: it did not act).</summary>
    public float CeilingGainDb => Volatile.Read(ref _ceilingGainDb);
    /// <summary>The highest output sample since the start (dBFS, after the ceiling; −∞ before any sound).</summary>
    public double OutputPeakDbfs => 20 * Math.Log10(Volatile.Read(ref _outputPeak));
    /// <summary>The mean of the output since the start, of the output channel farthest from 0 (|mean|, full scale = 1).</summary>
    public double OutputDc
    {
        get
        {
            long frames = Volatile.Read(ref _outputFrames);
            return frames == 0 ? 0 : Math.Max(Math.Abs(Volatile.Read(ref _outputSumLeft)), Math.Abs(Volatile.Read(ref _outputSumRight))) / frames;
        }
    }
    private float _ceilingGainDb, _outputPeak;
    private double _outputSumLeft, _outputSumRight;
    private long _outputFrames;

    /// <summary>Audio thread, once a block: the ceiling's lowest gain, the block's output peak and sums.</summary>
    internal void Output(float ceilingGainDb, float peak, double sumLeft, double sumRight, int frames)
    {
        Volatile.Write(ref _ceilingGainDb, ceilingGainDb);
        if (peak > _outputPeak) Volatile.Write(ref _outputPeak, peak);
        Volatile.Write(ref _outputSumLeft, _outputSumLeft + sumLeft);
        Volatile.Write(ref _outputSumRight, _outputSumRight + sumRight);
        Volatile.Write(ref _outputFrames, _outputFrames + frames);
    }

    internal void Block() => Interlocked.Increment(ref _blocks);
    internal void Overrun() => Interlocked.Increment(ref _overruns);
    internal void Nans(long count) => Interlocked.Add(ref _nans, count);
    internal void Late() => Interlocked.Increment(ref _lateBlocks);
    internal void LateDecision(long count) => Interlocked.Add(ref _lateDecisions, count);
    internal void Feedback() => Interlocked.Increment(ref _feedbackEvents);
    internal void SetFallback(bool active) => _fallbackActive = active;
    internal void SetModelLate(bool late) => _modelLate = late;
    internal void SetModelFailed() => _modelFailed = true;
    internal void Say(string message) => _message = message;
}

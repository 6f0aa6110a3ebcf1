namespace AutoFoh.Realtime;

/// <summary>The engine's safety features, each switchable and on by default.</summary>
public sealed record SafetySettings
{
    /// <summary>No channel's gain goes above its line-check gain plus this (dB); null switches the cap off.</summary>
    public double? MaxBoostDb { get; init; } = 6;
    /// <summary>Fastest gain change (dB per second); 0 switches the limit off.</summary>
    public double SlewDbPerSecond { get; init; } = 60;
    /// <summary>
    /// The feedback guard (<see cref="Dsp.Feedback.FeedbackGuard"/>): a narrow notch on each howling frequency first,
    /// deepened while it grows; the channel pulled down (<see cref="FeedbackPullDownDb"/> a step, at most
    /// <see cref="FeedbackMaxPullDownDb"/>) only when its notches run out or a howl still grows at the deepest notch.
    /// </summary>
    public bool FeedbackDetection { get; init; } = true;
    public double FeedbackPullDownDb { get; init; } = 6;
    public double FeedbackMaxPullDownDb { get; init; } = 24;
    /// <summary>
    /// Narrow notch filters per channel the feedback policy can set (<see cref="Dsp.Processing.NotchBank"/>), on each input
    /// before its gain; 0: none.
    /// </summary>
    public int NotchSlots { get; init; } = Dsp.Processing.NotchBank.DefaultSlots;
    /// <summary>A bad input sample (NaN, infinite, or past +60 dBFS: <see cref="Dsp.Processing.InputGuard"/>) counts as silence.</summary>
    public bool NanGuard { get; init; } = true;
    /// <summary>A 10 Hz high-pass on every input (<see cref="Dsp.Processing.DcBlocker"/>): no DC offset reaches the mix.</summary>
    public bool DcBlocker { get; init; } = true;
    /// <summary>
    /// No output sample above this (dBFS; <see cref="Dsp.Processing.OutputCeiling"/>: a limiter without look-ahead and a
    /// hard clamp, zero added latency); null switches it off.
    /// </summary>
    public double? OutputCeilingDbfs { get; init; } = Dsp.Processing.OutputCeiling.DefaultCeilingDbfs;
    /// <summary>When the model is late or fails: last good gains, then Dugan gain sharing (reported).</summary>
    public bool Fallback { get; init; } = true;
    /// <summary>How late (ms) the model's decisions may be before Dugan gain sharing takes over.</summary>
    public double LateLimitMs { get; init; } = 500;
}

/// <summary>How the engine runs: channels, rate, block, outputs, and when decisions take effect.</summary>
public sealed record EngineSettings
{
    public required int SampleRateHz { get; init; }
    public required int Channels { get; init; }
    /// <summary>Largest block the backend hands over (frames).</summary>
    public int MaxBlock { get; init; } = 1024;
    /// <summary>1 (mono) or 2 (stereo, constant-power pan per channel).</summary>
    public int Outputs { get; init; } = 2;
    /// <summary>
    /// The gains the model decides from input up to sample n take effect at n + this. The audio itself is
    /// never delayed; this is the worker's time budget, and because it is fixed a live run and a file render
    /// of the same input give the same output.
    /// </summary>
    public int DecisionDelaySamples { get; init; } = 2048;
    /// <summary>Frames the worker hands to the model at a time.</summary>
    public int WorkerBlock { get; init; } = 256;
    /// <summary>Offline (files): the engine waits for the worker's decisions, so nothing is ever late.</summary>
    public bool Offline { get; init; }
    /// <summary>
    /// Live only: the nice value the model's worker thread asks for, so a busy machine (a browser, a build)
    /// does not starve it past the late limit into the Dugan fallback; null leaves it alone. Lowering it
    /// needs root or an RLIMIT_NICE (the audio group's /etc/security/limits.d, as JACK users have);
    /// <see cref="EngineStatus.WorkerScheduling"/> says whether it was granted.
    /// </summary>
    public int? WorkerNice { get; init; } = -10;
    public SafetySettings Safety { get; init; } = new();
    /// <summary>Each channel's gain at the line check (dB), the reference of the boost cap; 0 dB when not given.</summary>
    public double[]? LineCheckGainsDb { get; init; }
}

namespace AutoFoh.LiveMix.Mixers;

/// <summary>
/// Cross-adaptive loudness balancing: each channel is brought to the band's mean level plus its own
/// target offset (<see cref="TargetsDb"/>, 0 by default: all equal). Levels are 400 ms power envelopes;
/// every <c>updateMs</c> the target gains are recomputed from the channels that play (above the
/// gate), and each gain moves toward its target with a 300 ms time constant, so a bad gain staging of
/// ±20 dB is undone within a couple of seconds without pumping. A channel under the gate keeps its gain.
/// Gains stay within <see cref="MinimumDb"/>..<see cref="MaximumDb"/>. Causal: the gain of sample n comes
/// from samples before n.
/// </summary>
public sealed class LoudnessMixer(double gateDbfs = -60, double updateMs = 50) : ILiveMixer
{
    public const double MinimumDb = -48, MaximumDb = 24;
    private double[] _power = [], _gainDb = [], _targetDb = [], _targets = [];
    private double _levelCoefficient, _gainCoefficient, _gate;
    private int _update, _untilUpdate;

    public string Name => "loudness";
    public double LatencyMs => 0;
    public MixPrecision Precision => MixPrecision.Double;

    /// <summary>Each channel's level relative to the band's mean in the target mix (dB); null: all equal.</summary>
    public double[]? TargetsDb { get; set; }

    public void Prepare(int sampleRateHz, int channels, int maxBlock)
    {
        _power = new double[channels];
        _gainDb = new double[channels];
        _targetDb = new double[channels];
        _targets = new double[channels];
        _levelCoefficient = Math.Exp(-1.0 / (0.4 * sampleRateHz));
        _gainCoefficient = Math.Exp(-1.0 / (0.3 * sampleRateHz));
        _gate = Math.Pow(10, gateDbfs / 10);
        _update = Math.Max(1, (int)(updateMs * sampleRateHz / 1000));
        Reset();
    }

    public void Reset()
    {
        Array.Clear(_power);
        Array.Clear(_gainDb);
        Array.Clear(_targetDb);
        for (int c = 0; c < _targets.Length; c++) _targets[c] = TargetsDb is { } t && c < t.Length ? t[c] : 0;
        _untilUpdate = 0;
    }

    public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
    {
        int channels = _power.Length;
        for (int n = 0; n < frames; n++)
        {
            if (_untilUpdate-- <= 0) { Retarget(); _untilUpdate = _update - 1; }
            for (int c = 0; c < channels; c++)
            {
                float v = inputs[c][start + n];
                if (!float.IsFinite(v)) v = 0;
                _gainDb[c] = _gainCoefficient * _gainDb[c] + (1 - _gainCoefficient) * _targetDb[c];
                gains.Linear(c)[n] = Math.Pow(10, _gainDb[c] / 20);
                _power[c] = _levelCoefficient * _power[c] + (1 - _levelCoefficient) * v * v;
            }
        }
        for (int c = 0; c < channels; c++) gains.EndDb[c] = (float)_gainDb[c];
    }

    /// <summary>Targets from the channels above the gate: the band's mean level plus each one's offset, minus its own level.</summary>
    private void Retarget()
    {
        double mean = 0;
        int playing = 0;
        for (int c = 0; c < _power.Length; c++)
            if (_power[c] > _gate) { mean += 10 * Math.Log10(_power[c]) - _targets[c]; playing++; }
        if (playing == 0) return;
        mean /= playing;
        for (int c = 0; c < _power.Length; c++)
            if (_power[c] > _gate) _targetDb[c] = Math.Clamp(mean + _targets[c] - 10 * Math.Log10(_power[c]), MinimumDb, MaximumDb);
    }
}

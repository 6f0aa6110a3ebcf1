namespace AutoFoh.LiveMix.Mixers;

/// <summary>
/// Dugan's gain-sharing automixer: each channel's gain in dB is its level minus the level of all channels
/// together (power sum), so the total gain of the open microphones stays that of one (the number-of-open-
/// microphones attenuation comes with it) and the channel that carries the sound takes the gain. Levels are
/// power envelopes (one-pole, <see cref="TimeConstantMs"/>); the gain of sample n comes from the envelopes
/// up to sample n-1, so it adds no latency. A floor (<see cref="NoiseFloorDbfs"/>) keeps silence from
/// opening any channel in particular.
/// </summary>
public sealed class DuganMixer(double timeConstantMs = 50, double noiseFloorDbfs = -80) : ILiveMixer
{
    private double[] _power = [];
    private double _coefficient, _floor;

    public string Name => "dugan";
    public double LatencyMs => 0;
    public double TimeConstantMs { get; } = timeConstantMs;
    public double NoiseFloorDbfs { get; } = noiseFloorDbfs;

    public void Prepare(int sampleRateHz, int channels, int maxBlock)
    {
        _power = new double[channels];
        _coefficient = Math.Exp(-1000.0 / (TimeConstantMs * sampleRateHz));
        _floor = Math.Pow(10, NoiseFloorDbfs / 10);
        Reset();
    }

    public void Reset() => Array.Fill(_power, _floor);

    public void Process(IReadOnlyList<float[]> inputs, int start, Span<float> output, Span<float> gainsDb)
    {
        int channels = _power.Length;
        for (int n = 0; n < output.Length; n++)
        {
            double total = 0;
            for (int c = 0; c < channels; c++) total += _power[c];
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                float v = inputs[c][start + n];
                if (!float.IsFinite(v)) v = 0;
                sum += Math.Sqrt(_power[c] / total) * v;   // amplitude gain: the power share's square root
                _power[c] = _coefficient * _power[c] + (1 - _coefficient) * ((double)v * v + _floor);
            }
            output[n] = (float)sum;
        }
        double all = 0;
        for (int c = 0; c < channels; c++) all += _power[c];
        for (int c = 0; c < channels; c++) gainsDb[c] = (float)(10 * Math.Log10(_power[c] / all));
    }
}

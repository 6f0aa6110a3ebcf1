using AutoFoh.Dsp.Processing;

namespace AutoFoh.LiveMix.Mixers;

/// <summary>
/// Dugan's gain-sharing automixer (<see cref="DuganGainSharing"/>): each channel's gain in dB is its level minus
/// the level of all channels together (power sum), so the total gain of the open microphones stays that of one
/// and the channel that carries the sound takes the gain. Levels are power envelopes (one-pole,
/// <see cref="TimeConstantMs"/>); the gain of sample n comes from the envelopes up to sample n-1, so it adds no
/// latency. A floor (<see cref="NoiseFloorDbfs"/>) keeps silence from opening any channel in particular.
/// </summary>
public sealed class DuganMixer(double timeConstantMs = DuganGainSharing.DefaultTimeConstantMs, double noiseFloorDbfs = DuganGainSharing.DefaultNoiseFloorDbfs) : ILiveMixer
{
    private DuganGainSharing _sharing = new(0, 1);

    public string Name => "dugan";
    public double LatencyMs => 0;
    public MixPrecision Precision => MixPrecision.Double;
    public double TimeConstantMs { get; } = timeConstantMs;
    public double NoiseFloorDbfs { get; } = noiseFloorDbfs;

    public void Prepare(int sampleRateHz, int channels, int maxBlock) => _sharing = new DuganGainSharing(channels, sampleRateHz, TimeConstantMs, NoiseFloorDbfs);

    public void Reset() => _sharing.Reset();

    public void Decide(IReadOnlyList<float[]> inputs, int start, int frames, MixerGains gains)
    {
        int channels = _sharing.Channels;
        for (int n = 0; n < frames; n++)
        {
            double total = _sharing.TotalPower();
            for (int c = 0; c < channels; c++)
            {
                float v = inputs[c][start + n];
                if (!float.IsFinite(v)) v = 0;
                gains.Linear(c)[n] = _sharing.Share(c, total);
                _sharing.Hear(c, v);
            }
        }
        double all = _sharing.TotalPower();
        for (int c = 0; c < channels; c++) gains.EndDb[c] = (float)_sharing.ShareDb(c, all);
    }
}

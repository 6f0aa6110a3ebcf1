using AutoFoh.Dsp.Features;
using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Mastering.Features;

/// <summary>
/// Measures a stem's <see cref="StemFeatures"/> with AutoFoh.Dsp's meters (level, centroid, width, dynamic
/// range, BS.1770-4 loudness) and <see cref="BandEnergies"/>. The whole stem is one measurement: the
/// figures describe it as a person would read them off meters after playing it through.
/// </summary>
public static class StemFeatureExtractor
{
    public const double LowMidSplitHz = 250;
    public const double MidHighSplitHz = 4000;
    public const double SubBassHz = 40;

    private static readonly (double, double)[] Bands =
        [(0, LowMidSplitHz), (LowMidSplitHz, MidHighSplitHz), (MidHighSplitHz, double.PositiveInfinity), (0, SubBassHz)];

    /// <param name="planarChannels">One array per channel, all of the same length.</param>
    /// <param name="sampleRateHz">8 kHz or more (the loudness meter's range).</param>
    public static StemFeatures Extract(float[][] planarChannels, double sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(planarChannels);
        if (planarChannels.Length == 0) throw new ArgumentException("a stem needs at least one channel", nameof(planarChannels));
        int frames = planarChannels[0].Length;
        for (int c = 1; c < planarChannels.Length; c++)
            if (planarChannels[c].Length != frames)
                throw new ArgumentException($"channel {c} has {planarChannels[c].Length} samples, channel 0 has {frames}", nameof(planarChannels));
        if (!(sampleRateHz >= 8000)) throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz, "sample rate must be at least 8 kHz");

        int channels = planarChannels.Length;
        float[] interleaved, mono;
        if (channels == 1) interleaved = mono = planarChannels[0];
        else
        {
            interleaved = new float[frames * channels];
            mono = new float[frames];
            float scale = 1f / channels;
            for (int c = 0; c < channels; c++)
            {
                var x = planarChannels[c];
                for (int n = 0; n < frames; n++)
                {
                    interleaved[n * channels + c] = x[n];
                    mono[n] += x[n] * scale;
                }
            }
        }

        var level = new LevelMeter(channels);
        level.Process(interleaved);
        // True peak is not a feature; the 4× oversampler would triple the cost of the measurement.
        var loudness = new LoudnessMeter(sampleRateHz, channels, truePeak: false);
        loudness.Process(interleaved);
        double lufs = loudness.IntegratedLufs;
        bool silent = !double.IsFinite(lufs);
        double msRatio = AudioFeatures.MsRatio(interleaved, channels);
        var bands = BandEnergies.RelativeDb(mono, sampleRateHz, Bands, StemFeatures.FloorDb);

        return new StemFeatures(
            RmsDbfs: Math.Max(StemFeatures.FloorDb, level.RmsDbfs),
            CrestFactorDb: level.CrestFactorDb,
            SpectralCentroidHz: AudioFeatures.SpectralCentroidHz(interleaved, channels, sampleRateHz),
            DynamicRangeDb: DynamicRange.Db(mono, sampleRateHz),
            IntegratedLufs: silent ? null : lufs,
            LowEnergyDb: bands[0],
            MidEnergyDb: bands[1],
            HighEnergyDb: bands[2],
            SubEnergyDb: bands[3],
            IsStereo: channels >= 2,
            MsRatio: Math.Min(StemFeatures.MaxMsRatio, msRatio),
            IsSilent: silent);
    }
}

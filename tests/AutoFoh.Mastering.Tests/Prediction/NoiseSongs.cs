using AutoFoh.Dsp;
using AutoFoh.Dsp.Filters;
using AutoFoh.Lab.Mastering;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Mastering.Tests.Prediction;

/// <summary>Small synthetic bands (one second at 16 kHz) for training and evaluation tests that must run in seconds.</summary>
internal static class NoiseSongs
{
    public const int Rate = 16000;

    /// <summary>
    /// A band of three noise stems (white "drums", low-passed "bass", band-passed "vocals") at levels near
    /// their roles' (±1.5 dB from song to song): the balance the training has to learn to restore.
    /// </summary>
    public static MixSong Make(int seed)
    {
        var random = new Random(seed);
        MixStem Stem(string name, double rmsDbfs, params BiquadCoefficients[] filters)
        {
            var x = Signals.Noise(Rate, seed * 10 + name.Length);
            foreach (var f in filters) new Biquad(f).Process(x);
            double rms = Math.Sqrt(x.Average(v => (double)v * v));
            float gain = (float)(Decibels.ToAmplitude(rmsDbfs + 3 * (random.NextDouble() - 0.5)) / rms);
            for (int n = 0; n < x.Length; n++) x[n] *= gain;
            return new MixStem(name, [x]);
        }
        return new MixSong($"noise-{seed}", MixStyles.CountryPop, Rate,
        [
            Stem("drums", -18),
            Stem("bass", -22, BiquadCoefficients.LowPass(200, Rate), BiquadCoefficients.LowPass(200, Rate)),
            Stem("vocals", -16, BiquadCoefficients.HighPass(800, Rate), BiquadCoefficients.LowPass(3000, Rate)),
        ]);
    }

    /// <summary>Examples whose only perturbation is a known gain of ±12 dB per stem.</summary>
    public static List<MixExample> GainExamples(IEnumerable<MixSong> songs, int perSong, int seed)
    {
        var random = new Random(seed);
        return songs.SelectMany(song => Enumerable.Range(0, perSong).Select(_ =>
            MixExampleGenerator.Make(song, song.Stems.Select(_ => new StemPerturbation((random.NextDouble() * 2 - 1) * 12, 0)).ToList(), 0, song.Frames))).ToList();
    }
}

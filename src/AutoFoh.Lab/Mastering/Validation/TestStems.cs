using AutoFoh.Audio;

namespace AutoFoh.Lab.Mastering.Validation;

/// <summary>What a generated set of stems sounds like (seed 004's validation suite, plus instrument-like stems).</summary>
public enum TestStemKind
{
    /// <summary>Instrument-like stems: kick and snare pattern, a bass line, a chord pad, noise hats, a lead; stereo and mono mixed.</summary>
    Band,
    /// <summary>White noise stems at different levels (basic functionality).</summary>
    WhiteNoise,
    /// <summary>Content mostly under 250 Hz: low tones over noise 18 dB down above 250 Hz and rolled off (12 dB/octave) above 1 kHz (a mix can still be EQ'd up: there is something there).</summary>
    BassHeavy,
    /// <summary>Noise 12 dB up above 3 kHz (hats, cymbals, fizz).</summary>
    Bright,
    /// <summary>Band stems 40 dB down (peaks near −40 dBFS).</summary>
    Quiet,
    /// <summary>Band stems driven into full scale: clipped.</summary>
    Loud,
}

/// <summary>
/// Deterministic synthetic stems for <c>mix --test-stems N</c> and <c>validate</c>: the same seed gives the same
/// samples on every machine (a linear congruential generator, no platform random).
/// </summary>
public static class TestStems
{
    public static readonly string[] BandNames = ["drums", "bass", "keys", "hats", "lead", "guitar", "pad", "perc"];

    public static IReadOnlyList<(string Name, float[][] Channels)> Generate(TestStemKind kind, int count, double seconds, int sampleRateHz, int seed)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one test stem");
        if (!(seconds > 0)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "test stems need a positive length");
        int frames = (int)Math.Round(seconds * sampleRateHz);
        var stems = new List<(string, float[][])>();
        for (int i = 0; i < count; i++)
        {
            var random = new Lcg(seed * 7919 + i * 104729 + (int)kind * 31);
            string name = i < BandNames.Length ? BandNames[i] : $"stem{i + 1}";
            float[][] channels = kind switch
            {
                TestStemKind.WhiteNoise => [Scaled(Noise(frames, random), -12 - 3 * (i % 4))],
                TestStemKind.BassHeavy => [Scaled(Add(LowPassed(Shelved(Noise(frames, random), 250, -18, sampleRateHz), 1000, sampleRateHz), Tone(frames, sampleRateHz, 41.2 * (1 + i % 3), 0.6)), -14)],
                TestStemKind.Bright => [Scaled(Shelved(HighPassed(Noise(frames, random), 150, sampleRateHz), 3000, 12, sampleRateHz), -16)],
                _ => Band(i, frames, sampleRateHz, random),
            };
            if (kind == TestStemKind.Quiet) channels = channels.Select(c => Scaled(c, -40, peakNormalise: true)).ToArray();
            if (kind == TestStemKind.Loud) channels = channels.Select(c => Clip(Scaled(c, 6, peakNormalise: true))).ToArray();
            else channels = Headroom(channels);
            if (kind is TestStemKind.WhiteNoise or TestStemKind.BassHeavy or TestStemKind.Bright) name = $"{KindName(kind)}{i + 1}";
            stems.Add((name, channels));
        }
        return stems;
    }

    // Names that say what the stem is, and no instrument's (a "bass…" name would make it a bass to the predictor).
    private static string KindName(TestStemKind kind) => kind switch { TestStemKind.WhiteNoise => "noise", TestStemKind.BassHeavy => "low", _ => "bright" };

    /// <summary>Writes the stems as 24-bit WAV files into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<(string Name, float[][] Channels)> stems, int sampleRateHz)
    {
        Directory.CreateDirectory(folder);
        return stems.Select(s =>
        {
            string path = Path.Combine(folder, s.Name + ".wav");
            AudioFile.Write(path, new AudioBuffer(sampleRateHz, s.Channels), WavSampleFormat.Pcm24);
            return path;
        }).ToList();
    }

    private static float[][] Band(int index, int frames, int rate, Lcg random)
    {
        double beat = 60.0 / 120; // 120 BPM
        switch (index % BandNames.Length)
        {
            case 0: // kick on the beat, snare (band-limited noise burst) on 2 and 4
            {
                var kick = new float[frames];
                var snare = new float[frames];
                for (int b = 0; b * beat * rate < frames; b++)
                {
                    int start = (int)(b * beat * rate);
                    for (int n = 0; n < rate / 4 && start + n < frames; n++)
                    {
                        double t = n / (double)rate;
                        kick[start + n] += (float)(0.9 * Math.Exp(-t * 18) * Math.Sin(2 * Math.PI * (50 + 90 * Math.Exp(-t * 40)) * t));
                        if (b % 2 == 1) snare[start + n] += (float)(0.4 * Math.Exp(-t * 25) * random.NextSigned());
                    }
                }
                var x = Add(kick, LowPassed(HighPassed(snare, 180, rate), 3000, rate));
                return [Scaled(x, -14), Scaled((float[])x.Clone(), -14)];
            }
            case 1: return [Scaled(Notes(frames, rate, [41.2, 41.2, 55.0, 49.0], beat, harmonics: 4, random), -16)];
            case 2:
            {
                var left = Add(Add(Tone(frames, rate, 261.6, 0.3), Tone(frames, rate, 329.6, 0.3)), Tone(frames, rate, 392.0, 0.3));
                var right = Add(Add(Tone(frames, rate, 261.9, 0.3), Tone(frames, rate, 330.1, 0.3)), Tone(frames, rate, 391.5, 0.3));
                return [Scaled(left, -20), Scaled(right, -20)];
            }
            case 3:
            {
                var x = new float[frames];
                for (int b = 0; b * beat / 2 * rate < frames; b++)
                {
                    int start = (int)(b * beat / 2 * rate);
                    for (int n = 0; n < rate / 20 && start + n < frames; n++) x[start + n] = (float)(Math.Exp(-n / (double)rate * 60) * random.NextSigned());
                }
                return [Scaled(HighPassed(x, 6000, rate), -34)];
            }
            case 4: return [Scaled(Notes(frames, rate, [440, 494, 523, 587, 659, 587], beat, harmonics: 6, random), -18)];
            case 5: return [Scaled(Notes(frames, rate, [110, 110, 146.8, 130.8], beat * 2, harmonics: 12, random), -18),
                            Scaled(Notes(frames, rate, [110.3, 110.3, 147.1, 131.1], beat * 2, harmonics: 12, random), -18)];
            case 6: return [Scaled(LowPassed(Noise(frames, random), 2000, rate), -26), Scaled(LowPassed(Noise(frames, random), 2000, rate), -26)];
            default: return [Scaled(LowPassed(HighPassed(Noise(frames, random), 800, rate), 5000, rate), -34)];
        }
    }

    private static float[] Notes(int frames, int rate, double[] pitchesHz, double noteSeconds, int harmonics, Lcg random)
    {
        var x = new float[frames];
        int noteFrames = (int)(noteSeconds * rate);
        for (int start = 0, k = 0; start < frames; start += noteFrames, k++)
        {
            double f = pitchesHz[k % pitchesHz.Length];
            double phase = random.NextDouble() * 2 * Math.PI;
            for (int n = 0; n < noteFrames && start + n < frames; n++)
            {
                double t = n / (double)rate, env = Math.Min(1, t * 200) * Math.Exp(-t * 2.5);
                double v = 0;
                for (int h = 1; h <= harmonics && f * h < rate / 2.2; h++) v += Math.Sin(2 * Math.PI * f * h * t + phase * h) / h;
                x[start + n] = (float)(env * v);
            }
        }
        return x;
    }

    private static float[] Tone(int frames, int rate, double frequencyHz, double amplitude)
    {
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / rate));
        return x;
    }

    private static float[] Noise(int frames, Lcg random)
    {
        var x = new float[frames];
        for (int n = 0; n < frames; n++) x[n] = (float)random.NextSigned();
        return x;
    }

    private static float[] LowPassed(float[] x, double cutoffHz, int rate)
    {
        var filter = new Dsp.Filters.Biquad(Dsp.Filters.BiquadCoefficients.LowPass(cutoffHz, rate));
        filter.Process(x);
        return x;
    }

    private static float[] HighPassed(float[] x, double cutoffHz, int rate)
    {
        var a = new Dsp.Filters.Biquad(Dsp.Filters.BiquadCoefficients.HighPass(cutoffHz, rate));
        var b = new Dsp.Filters.Biquad(Dsp.Filters.BiquadCoefficients.HighPass(cutoffHz, rate));
        a.Process(x);
        b.Process(x);
        return x;
    }

    private static float[] Shelved(float[] x, double frequencyHz, double gainDb, int rate)
    {
        var shelf = new Dsp.Filters.Biquad(Dsp.Filters.BiquadCoefficients.HighShelf(frequencyHz, rate, gainDb));
        shelf.Process(x);
        return x;
    }

    private static float[] Add(float[] a, float[] b)
    {
        for (int n = 0; n < a.Length; n++) a[n] += b[n];
        return a;
    }

    /// <summary>Scales to an RMS of <paramref name="levelDb"/> dBFS (or a sample peak of it).</summary>
    private static float[] Scaled(float[] x, double levelDb, bool peakNormalise = false)
    {
        double measure = peakNormalise ? x.Max(MathF.Abs) : Math.Sqrt(x.Sum(v => (double)v * v) / x.Length);
        if (measure <= 0) return x;
        float gain = (float)(Math.Pow(10, levelDb / 20) / measure);
        for (int n = 0; n < x.Length; n++) x[n] *= gain;
        return x;
    }

    /// <summary>Scales a stem whose peak would reach −1 dBFS down to that: only the loud case clips.</summary>
    private static float[][] Headroom(float[][] channels)
    {
        float peak = channels.Max(c => c.Max(MathF.Abs)), ceiling = 0.891f;
        if (peak <= ceiling) return channels;
        foreach (var c in channels) for (int n = 0; n < c.Length; n++) c[n] *= ceiling / peak;
        return channels;
    }

    private static float[] Clip(float[] x)
    {
        for (int n = 0; n < x.Length; n++) x[n] = Math.Clamp(x[n], -1f, 1f);
        return x;
    }

    /// <summary>Numerical Recipes' 64-bit LCG: the same stream everywhere.</summary>
    private sealed class Lcg(int seed)
    {
        private ulong _state = (ulong)(uint)seed * 6364136223846793005UL + 1442695040888963407UL;

        public double NextDouble()
        {
            _state = _state * 6364136223846793005UL + 1442695040888963407UL;
            return (_state >> 11) * (1.0 / (1UL << 53));
        }

        public double NextSigned() => 2 * NextDouble() - 1;
    }
}

using AutoFoh.Dsp;
using AutoFoh.Dsp.Filters;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>
/// What the self-supervised training does to a stem that sat at its intended balance: a level change, a
/// tilt made of the strip's own shelves (low shelf at 100 Hz by −tilt/2, high shelf at 8 kHz by +tilt/2, so
/// a positive tilt brightens and the strip can undo it exactly), and sometimes rumble (a sine under 30 Hz)
/// and a DC offset, each at a level relative to the stem's RMS after the change.
/// </summary>
public sealed record StemPerturbation(double LevelDb, double TiltDb, double? RumbleDb = null, double RumbleHz = 20, double? DcDb = null)
{
    public const double MaxLevelDb = 12, MaxTiltDb = 6;
    public const double RumbleProbability = 0.3;

    public static readonly StemPerturbation None = new(0, 0);

    /// <summary>Whether anything sits under the music that a high-pass should take out.</summary>
    public bool HasRumble => RumbleDb is not null || DcDb is not null;

    /// <summary>Level ±12 dB and tilt ±6 dB uniform; with probability 0.3 rumble and/or DC 3 to 18 dB under the stem.</summary>
    public static StemPerturbation Draw(Random random)
    {
        double level = (random.NextDouble() * 2 - 1) * MaxLevelDb;
        double tilt = (random.NextDouble() * 2 - 1) * MaxTiltDb;
        if (random.NextDouble() >= RumbleProbability) return new(level, tilt);
        int kind = random.Next(3);   // 0 rumble, 1 DC, 2 both
        double? rumble = kind != 1 ? -3 - 15 * random.NextDouble() : null;
        double? dc = kind != 0 ? -3 - 15 * random.NextDouble() : null;
        return new(level, tilt, rumble, 12 + 18 * random.NextDouble(), dc);
    }

    /// <summary>The perturbed copy of planar <paramref name="channels"/> (the input is not changed).</summary>
    public float[][] Apply(float[][] channels, double sampleRateHz)
    {
        var low = BiquadCoefficients.LowShelf(StripParameterSpace.EqBands[0].FrequencyHz, sampleRateHz, -TiltDb / 2);
        var high = BiquadCoefficients.HighShelf(StripParameterSpace.EqBands[3].FrequencyHz, sampleRateHz, TiltDb / 2);
        float gain = (float)Decibels.ToAmplitude(LevelDb);
        var result = new float[channels.Length][];
        double sumSquares = 0;
        long count = 0;
        for (int c = 0; c < channels.Length; c++)
        {
            var y = (float[])channels[c].Clone();
            new Biquad(low).Process(y);
            new Biquad(high).Process(y);
            for (int n = 0; n < y.Length; n++)
            {
                y[n] *= gain;
                sumSquares += (double)y[n] * y[n];
            }
            count += y.Length;
            result[c] = y;
        }
        if (!HasRumble || count == 0 || sumSquares == 0) return result;
        double rms = Math.Sqrt(sumSquares / count);
        // A sine of RMS r has amplitude r·√2; its level wanders slowly (±3 dB over seconds) as building rumble does.
        double sineAmplitude = RumbleDb is { } r ? rms * Decibels.ToAmplitude(r) * Math.Sqrt(2) : 0;
        float dc = DcDb is { } d ? (float)(rms * Decibels.ToAmplitude(d)) : 0f;
        // Sine and wobble by rotating phasors (a sine call per sample would cost more than the filters).
        var step = System.Numerics.Complex.FromPolarCoordinates(1, 2 * Math.PI * RumbleHz / sampleRateHz);
        var wobbleStep = System.Numerics.Complex.FromPolarCoordinates(1, 2 * Math.PI * 0.3 / sampleRateHz);
        foreach (var y in result)
        {
            System.Numerics.Complex phase = 1, wobble = 1;
            for (int n = 0; n < y.Length; n++)
            {
                y[n] += dc + (float)(sineAmplitude * (1 + 0.3 * wobble.Imaginary) * phase.Imaginary);
                phase *= step;
                wobble *= wobbleStep;
            }
        }
        return result;
    }
}

using AutoFoh.Dsp.Filters;

namespace AutoFoh.Simulation.Microphones;

/// <summary>
/// What a laptop's built-in microphone does to the room's sound: a small capsule and tiny enclosure roll
/// off the lows (second-order high-pass, about 100 Hz by default), the preamp adds self-noise (white, at
/// a level in dBFS), and the audience may add crowd noise (pink-ish noise whose level swells slowly).
/// Deterministic from its seed.
/// </summary>
public sealed record LaptopMicrophone(double HighPassHz = 100, double SelfNoiseDbfs = -70, double CrowdNoiseDbfs = double.NegativeInfinity, int Seed = 1)
{
    public float[] Capture(ReadOnlySpan<float> pressure, int sampleRateHz)
    {
        var output = pressure.ToArray();
        var highPass = new Biquad(BiquadCoefficients.HighPass(HighPassHz, sampleRateHz));
        highPass.Process(output);
        var random = new Random(Seed);
        double selfNoise = Math.Pow(10, SelfNoiseDbfs / 20) * Math.Sqrt(3); // uniform noise of that RMS
        double crowd = double.IsNegativeInfinity(CrowdNoiseDbfs) ? 0 : Math.Pow(10, CrowdNoiseDbfs / 20);
        // Pink-ish crowd: white noise through a one-pole low-pass, scaled to its RMS, with a 0.2 Hz swell.
        double state = 0, pole = Math.Exp(-2 * Math.PI * 800.0 / sampleRateHz), pinkScale = Math.Sqrt((1 + pole) / (1 - pole)) * Math.Sqrt(3);
        for (int n = 0; n < output.Length; n++)
        {
            double noise = selfNoise * (2 * random.NextDouble() - 1);
            if (crowd > 0)
            {
                state = pole * state + (1 - pole) * (2 * random.NextDouble() - 1);
                double swell = 1 + 0.5 * Math.Sin(2 * Math.PI * 0.2 * n / sampleRateHz);
                noise += crowd * swell * state * pinkScale;
            }
            output[n] += (float)noise;
        }
        return output;
    }
}

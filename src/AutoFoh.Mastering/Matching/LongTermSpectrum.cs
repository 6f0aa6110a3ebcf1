using AutoFoh.Dsp.Transforms;

namespace AutoFoh.Mastering.Matching;

/// <summary>
/// The long-term average magnitude spectra of a stereo signal's mid and side (Hann, 50 % overlap), over the frames
/// that are not near-silent, so a quiet intro or a fade does not pull the average (Matchering averages loud pieces
/// only for the same reason).
/// </summary>
public sealed record LongTermSpectrum(int FftSize, double SampleRateHz, double[] Mid, double[] Side)
{
    public const int DefaultFftSize = 4096;
    /// <summary>Frames more than this far under the loudest frame are left out of the average.</summary>
    public const double GateBelowLoudestDb = 40;

    public double BinFrequencyHz(int bin) => bin * SampleRateHz / FftSize;

    public static LongTermSpectrum Measure(float[] left, float[] right, double sampleRateHz, int fftSize = DefaultFftSize)
    {
        var stft = new MidSideStft(fftSize);
        int bins = stft.BinCount, hop = stft.HopSize;
        // Two passes: the frames' energies first (for the gate), then the spectra of the frames that pass it.
        int frames = left.Length;
        int count = stft.FrameCount(frames);
        var energy = new double[count];
        for (int f = 0; f < count; f++)
        {
            int start = f * hop;
            double e = 0;
            for (int n = 0; n < fftSize; n++)
            {
                int i = start + n;
                if (i >= frames) break;
                double m = (left[i] + right[i]) * 0.5, s = (left[i] - right[i]) * 0.5;
                e += m * m + s * s;
            }
            energy[f] = e;
        }
        double loudest = energy.Max();
        double gate = loudest * Math.Pow(10, -GateBelowLoudestDb / 10);
        var midSum = new double[bins];
        var sideSum = new double[bins];
        int used = 0;
        for (int f = 0; f < count; f++)
        {
            if (loudest > 0 && energy[f] < gate) continue;
            stft.Analyse(left, right, f);
            var midSpectrum = stft.Mid;
            var sideSpectrum = stft.Side;
            for (int k = 0; k < bins; k++)
            {
                midSum[k] += midSpectrum[k].Magnitude;
                sideSum[k] += sideSpectrum[k].Magnitude;
            }
            used++;
        }
        if (used > 0)
            for (int k = 0; k < bins; k++) { midSum[k] /= used; sideSum[k] /= used; }
        return new LongTermSpectrum(fftSize, sampleRateHz, midSum, sideSum);
    }
}

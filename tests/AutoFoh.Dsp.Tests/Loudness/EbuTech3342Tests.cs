using AutoFoh.Dsp.Loudness;

namespace AutoFoh.Dsp.Tests.Loudness;

/// <summary>EBU Tech 3342 (loudness range) cases 1-4, generated from their definitions; tolerance ±1 LU.</summary>
public class EbuTech3342Tests
{
    [Theory]
    [InlineData(1, 10.0, new[] { -20.0, -30.0 })]
    [InlineData(2, 5.0, new[] { -20.0, -15.0 })]
    [InlineData(3, 20.0, new[] { -40.0, -20.0 })]
    [InlineData(4, 15.0, new[] { -50.0, -35.0, -20.0, -35.0, -50.0 })]
    public void Loudness_range_of_20_s_tone_steps(int testCase, double expectedLu, double[] levels)
    {
        foreach (int rate in new[] { 48000, 44100 })
        {
            var signal = new EbuSignals(rate);
            foreach (double level in levels) signal.Sine(20, level);
            var meter = new LoudnessMeter(rate, 2);
            meter.Process(signal.Interleaved);
            Assert.True(Math.Abs(meter.LoudnessRangeLu - expectedLu) <= 1.0, $"case {testCase} at {rate} Hz: LRA {meter.LoudnessRangeLu:F2} LU, expected {expectedLu}");
        }
    }
}

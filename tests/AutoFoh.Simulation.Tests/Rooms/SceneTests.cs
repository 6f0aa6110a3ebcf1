using AutoFoh.Dsp.Features;
using AutoFoh.Simulation.Microphones;
using AutoFoh.Simulation.Scenes;

namespace AutoFoh.Simulation.Tests.Rooms;

public class SceneTests
{
    private static float[] Noise(int seed, int samples)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, samples).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }

    [Fact]
    public void A_close_microphone_hears_its_instrument_far_louder_than_the_others_bleed()
    {
        var scene = StageScene.RandomBar(["guitar", "bass", "drums"], new Random(2), 16000);
        var silence = new float[16000];
        var guitar = Noise(1, 16000);
        double Level(float[] x) => AudioFeatures.RmsDbfs(x, 1);
        double own = Level(scene.RenderCloseMicrophone([guitar, silence, silence], 0));
        double bleed = Level(scene.RenderCloseMicrophone([guitar, silence, silence], 1));
        Assert.True(own - bleed > 12, $"own {own:F1} dB, bleed into the bass mic {bleed:F1} dB");
        // The laptop in the audience hears the guitar much quieter than its close mic does.
        double laptop = Level(scene.RenderAtLaptop([guitar, silence, silence]));
        Assert.True(own - laptop > 12, $"close {own:F1} dB, laptop {laptop:F1} dB");
    }

    [Fact]
    public void The_laptop_microphone_removes_the_lows_and_adds_its_noise_floor()
    {
        const int rate = 16000;
        var rumble = Enumerable.Range(0, rate * 2).Select(n => (float)(0.3 * Math.Sin(2 * Math.PI * 30 * n / rate))).ToArray();
        var captured = new LaptopMicrophone(HighPassHz: 100, SelfNoiseDbfs: -60).Capture(rumble, rate);
        // A 30 Hz tone through a 2nd-order 100 Hz high-pass loses about 21 dB.
        double loss = AudioFeatures.RmsDbfs(rumble, 1) - AudioFeatures.RmsDbfs(captured.AsSpan(rate..), 1);
        Assert.InRange(loss, 18, 24);
        var silence = new LaptopMicrophone(SelfNoiseDbfs: -60).Capture(new float[rate], rate);
        Assert.Equal(-60, AudioFeatures.RmsDbfs(silence, 1), 1.0);
    }
}

using AutoFoh.Soundcheck.Presence;

namespace AutoFoh.Soundcheck.Tests.Presence;

public class PresenceDetectorTests
{
    private const int Rate = 48000;

    [Fact]
    public void An_instrument_plays_when_any_10_ms_subsection_exceeds_1e_3_rms()
    {
        var detector = new PresenceDetector(Rate);
        Assert.True(detector.IsPlaying(Signals.Sine(440, 0.01, Rate, Rate)));
        Assert.False(detector.IsPlaying(Signals.Sine(440, 0.001, Rate, Rate))); // RMS 7e-4
        Assert.False(detector.IsPlaying(new float[Rate]));
        // A single 10 ms hit in a silent second counts (the reason for short subsections).
        var hit = new float[Rate];
        Signals.Sine(1000, 0.05, Rate, 480).CopyTo(hit, 24000);
        Assert.True(detector.IsPlaying(hit));
    }

    [Fact]
    public void A_threshold_calibrated_from_a_take_in_a_noisy_room_ignores_the_room_and_hears_quiet_playing()
    {
        var random = new Random(1);
        float Noise() => (float)(0.01 * (random.NextDouble() * 2 - 1)); // room noise, RMS ~5.8e-3 (far above 1e-3)
        var take = new float[10 * Rate];
        for (int n = 0; n < take.Length; n++) take[n] = Noise() + (n >= 4 * Rate && n < 9 * Rate ? (float)(0.3 * Math.Sin(2 * Math.PI * 220 * n / Rate)) : 0f);

        var detector = PresenceDetector.Calibrate(take, Rate);

        var room = Enumerable.Range(0, Rate).Select(_ => Noise()).ToArray();
        Assert.True(new PresenceDetector(Rate).IsPlaying(room), "the paper's fixed threshold mistakes this room for playing");
        Assert.False(detector.IsPlaying(room));
        var quiet = Signals.Sine(220, 0.3 / 10, Rate, Rate).Select(v => v + Noise()).ToArray(); // 20 dB softer playing
        Assert.True(detector.IsPlaying(quiet));
    }

    [Fact]
    public void Calibrating_from_silence_or_a_take_too_short_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PresenceDetector.Calibrate(new float[Rate], Rate));
        Assert.Throws<ArgumentException>(() => PresenceDetector.Calibrate(new float[100], Rate));
    }
}

using AutoFoh.Dsp.Bands;

namespace AutoFoh.Dsp.Tests.Bands;

public class MelFilterbankTests
{
    [Fact]
    public void A_single_bin_lights_the_band_centred_nearest_to_it_and_the_scale_round_trips()
    {
        var mel = new MelFilterbank(64, 512, 16000, 125, 7500);
        Assert.Equal(1000, MelFilterbank.Hz(MelFilterbank.Mel(1000)), 6);
        Assert.Equal(1000, MelFilterbank.Mel(1000), 0);   // the HTK scale's anchor: 1000 Hz is 1000 mel
        var spectrum = new float[257];
        var bands = new float[64];
        double step = (MelFilterbank.Mel(7500) - MelFilterbank.Mel(125)) / 65;
        foreach (int bin in new[] { 8, 32, 64, 128, 200 })
        {
            Array.Clear(spectrum);
            spectrum[bin] = 1;
            mel.Apply(spectrum, bands);
            int loudest = Array.IndexOf(bands, bands.Max());
            double centre = MelFilterbank.Hz(MelFilterbank.Mel(125) + step * (loudest + 1));
            double binHz = bin * 16000.0 / 512;
            Assert.InRange(MelFilterbank.Mel(binHz) - MelFilterbank.Mel(centre), -step / 2 - 1e-9, step / 2 + 1e-9);
            Assert.All(bands, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Fact]
    public void A_range_outside_nyquist_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MelFilterbank(64, 512, 16000, 125, 9000));
    }
}

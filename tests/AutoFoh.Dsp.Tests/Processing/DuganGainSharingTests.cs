using AutoFoh.Dsp.Processing;

namespace AutoFoh.Dsp.Tests.Processing;

public sealed class DuganGainSharingTests
{
    [Fact]
    public void The_power_shares_add_up_to_one_and_the_channel_that_plays_takes_the_gain()
    {
        var sharing = new DuganGainSharing(3, 16000);
        var talking = Signals.Sine(440, 0.3, 16000, 16000);
        for (int n = 0; n < talking.Length; n++)
        {
            sharing.Hear(0, talking[n]);
            sharing.Hear(1, 0);
            sharing.Hear(2, 0);
        }
        double total = sharing.TotalPower();
        double sum = 0;
        for (int c = 0; c < 3; c++) sum += sharing.Share(c, total) * sharing.Share(c, total);
        Assert.Equal(1, sum, 12);
        Assert.True(sharing.ShareDb(0, total) > -0.01);
        Assert.True(sharing.ShareDb(1, total) < -40);
    }

    [Fact]
    public void Silence_opens_every_channel_equally()
    {
        var sharing = new DuganGainSharing(4, 48000);
        for (int c = 0; c < 4; c++) sharing.Hear(c, 0);
        double total = sharing.TotalPower();
        for (int c = 0; c < 4; c++) Assert.Equal(0.5, sharing.Share(c, total), 12);
    }
}

using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.Presence;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Soundcheck.Tests.Reference;

public class ConditionalMeanTableTests
{
    private static (DominanceMap, PresenceMap) Reference()
    {
        string[] names = ["guitar", "bass"];
        var dominance = new DominanceMap(names, 4);
        var presence = new PresenceMap(names, 4);
        // Frames 0-1: both play, guitar's share 0.6 then 0.8 in every band. Frame 2: guitar alone. Frame 3: bass alone.
        float[] guitarShare = [0.6f, 0.8f, 1f, 0f];
        for (int t = 0; t < 4; t++)
            for (int b = 0; b < 24; b++) { dominance[t, b, 0] = guitarShare[t]; dominance[t, b, 1] = 1 - guitarShare[t]; }
        presence[0, 0] = presence[0, 1] = presence[1, 0] = presence[1, 1] = true;
        presence[2, 0] = true;
        presence[3, 1] = true;
        return (dominance, presence);
    }

    [Fact]
    public void Each_combination_predicts_the_mean_of_its_frames()
    {
        var (dominance, presence) = Reference();
        var table = ConditionalMeanTable.Fit(dominance, presence);
        var shares = new float[48];
        table.Predict(0b11, shares);
        Assert.Equal(0.7f, shares[0], 6);
        Assert.Equal(0.3f, shares[1], 6);
        table.Predict(0b01, shares);
        Assert.Equal(1f, shares[0]);
        Assert.Equal(2, table.Counts[0b11]);
    }

    [Fact]
    public void An_unseen_combination_falls_back_to_the_shares_of_the_instruments_that_play()
    {
        var (dominance, presence) = Reference();
        // Fit on frames 0-2 only: "bass alone" is never seen.
        var table = ConditionalMeanTable.Fit(dominance, presence, 0, 3);
        var shares = new float[48];
        table.Predict(0b10, shares);
        Assert.Equal(0f, shares[0]);
        Assert.Equal(1f, shares[1], 6);
        table.Predict(0, shares);
        Assert.All(shares, s => Assert.Equal(0.5f, s));
    }
}

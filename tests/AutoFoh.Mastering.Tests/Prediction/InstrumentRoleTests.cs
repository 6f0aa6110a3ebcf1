using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Mastering.Tests.Prediction;

public class InstrumentRoleTests
{
    [Theory]
    [InlineData("drums", InstrumentRole.Drums)]
    [InlineData("bass", InstrumentRole.Bass)]
    [InlineData("guitar", InstrumentRole.Guitar)]
    [InlineData("guitar2", InstrumentRole.Guitar)]
    [InlineData("keys", InstrumentRole.Keys)]
    [InlineData("vocals", InstrumentRole.Vocals)]
    [InlineData("song", InstrumentRole.Other)]
    [InlineData("/stems/Bass Drum.wav", InstrumentRole.Drums)]
    [InlineData("Bass Guitar.flac", InstrumentRole.Bass)]
    [InlineData("Lead Vocals.ogg", InstrumentRole.Vocals)]
    [InlineData("piano_left.wav", InstrumentRole.Keys)]
    [InlineData("tambourine", InstrumentRole.Other)]
    public void A_stems_role_comes_from_its_file_name(string name, InstrumentRole role) =>
        Assert.Equal(role, InstrumentRoles.FromStemName(name));

    [Fact]
    public void Guitars_are_spread_keys_a_little_and_drums_bass_and_vocals_centred()
    {
        Assert.Equal(-0.6, RoleDefaults.Pan(InstrumentRole.Guitar, 0, 2));
        Assert.Equal(0.6, RoleDefaults.Pan(InstrumentRole.Guitar, 1, 2));
        Assert.Equal(-0.3, RoleDefaults.Pan(InstrumentRole.Guitar, 0, 1));
        Assert.Equal(0.3, RoleDefaults.Pan(InstrumentRole.Keys, 1, 2));
        foreach (var role in new[] { InstrumentRole.Drums, InstrumentRole.Bass, InstrumentRole.Vocals })
            Assert.Equal(0, Math.Abs(RoleDefaults.Pan(role, 0, 1)));
    }

    [Fact]
    public void Stems_of_one_role_are_numbered_in_slot_order()
    {
        var features = new AutoFoh.Mastering.Features.StemFeatures(-20, 10, 1000, 5, -20, -10, -1, -10, -40, false, 0, false);
        MixInput.Slot?[] slots = [new(InstrumentRole.Guitar, features), null, new(InstrumentRole.Bass, features), new(InstrumentRole.Guitar, features)];
        var ordinals = MixInput.RoleOrdinals(slots);
        Assert.Equal((0, 2), ordinals[0]);
        Assert.Equal((0, 1), ordinals[2]);
        Assert.Equal((1, 2), ordinals[3]);
    }
}

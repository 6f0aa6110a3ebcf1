using AutoFoh.Dsp.Loudness;
using AutoFoh.Dsp.Statistics;
using AutoFoh.Mastering.Prediction;

namespace AutoFoh.Lab.Mastering;

/// <summary>
/// The baseline a person would try first: each stem brought to its role's usual loudness relative to the
/// band (the median of stem LUFS − band LUFS over songs at their intended balance), with the band measured
/// as it is (the perturbed stems summed). It sets gains only.
/// </summary>
public static class LoudnessMatching
{
    /// <summary>Median over <paramref name="songs"/> of each role's loudness relative to its song's band (all stems summed).</summary>
    public static Dictionary<InstrumentRole, double> RoleOffsetsLu(IEnumerable<MixSong> songs)
    {
        var offsets = new Dictionary<InstrumentRole, List<double>>();
        foreach (var song in songs)
        {
            int frames = song.Frames;
            var example = MixExampleGenerator.Make(song, song.Stems.Select(_ => StemPerturbation.None).ToList(), 0, frames);
            foreach (var stem in example.Stems)
                if (stem.Features.IntegratedLufs is { } lufs && double.IsFinite(example.BandLufs))
                {
                    if (!offsets.TryGetValue(stem.Role, out var list)) offsets[stem.Role] = list = [];
                    list.Add(lufs - example.BandLufs);
                }
        }
        return offsets.ToDictionary(o => o.Key, o => Percentile.OfSorted(o.Value.Order().ToList(), 0.5));
    }

    /// <summary>The gain that puts a stem at <paramref name="offsetLu"/> from the band; 0 when either cannot be measured.</summary>
    public static double GainDb(double? stemLufs, double bandLufs, double offsetLu) =>
        stemLufs is { } lufs && double.IsFinite(bandLufs) ? bandLufs + offsetLu - lufs : 0;

    /// <summary>A role never seen gets the median of the known roles' offsets.</summary>
    public static double OffsetFor(IReadOnlyDictionary<InstrumentRole, double> offsets, InstrumentRole role) =>
        offsets.TryGetValue(role, out var offset) ? offset : offsets.Count == 0 ? 0 : Percentile.OfSorted(offsets.Values.Order().ToList(), 0.5);
}

using AutoFoh.Audio;

namespace AutoFoh.Soundcheck;

/// <summary>
/// Reads a stems folder (DESIGN.md: one audio file per instrument, the file name is the instrument) into
/// a <see cref="StemSet"/> of mono signals.
///
/// Decisions, so a band's DAW export works as it is: stems at different sample rates are resampled to
/// the most common rate among them (ties: the highest); stems of different lengths are padded with
/// silence to the longest (an instrument that stops early is silent, not cut off); stereo stems are
/// averaged to mono. A folder with fewer than two stems, two files naming the same instrument, or an
/// all-silent stem is refused with a message naming it.
/// </summary>
public static class StemLoader
{

    public static StemSet Load(string folder, string? name = null)
    {
        if (File.Exists(folder)) throw new AudioFormatException(folder, "is a file; a stems folder is expected (one audio file per instrument)");
        if (!Directory.Exists(folder)) throw new AudioFormatException(folder, "stems folder not found");
        var files = Directory.GetFiles(folder)
            .Where(AudioFile.HasAudioExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count < 2)
            throw new AudioFormatException(folder, $"holds {files.Count} audio file{(files.Count == 1 ? "" : "s")}; a reference needs at least two stems (e.g. guitar.wav and song.wav)");
        var duplicate = files.GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new AudioFormatException(folder, $"two files name the instrument '{duplicate.Key}': {string.Join(", ", duplicate.Select(Path.GetFileName))}");

        var buffers = files.Select(AudioFile.ReadAll).ToList();
        int rate = buffers.GroupBy(b => b.SampleRateHz).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var mono = new List<float[]>();
        for (int i = 0; i < files.Count; i++)
        {
            var buffer = buffers[i].SampleRateHz == rate ? buffers[i] : Resampler.Resample(buffers[i], rate);
            var signal = buffer.Mono();
            if (signal.All(v => v == 0)) throw new AudioFormatException(files[i], "the stem is silent: every sample is zero");
            mono.Add(signal);
        }
        int length = mono.Max(m => m.Length);
        for (int i = 0; i < mono.Count; i++)
            if (mono[i].Length < length) { var padded = new float[length]; mono[i].CopyTo(padded, 0); mono[i] = padded; }
        return new StemSet(name ?? Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)),
            files.Select(f => Path.GetFileNameWithoutExtension(f)).ToArray(), mono, rate);
    }
}

using AutoFoh.Audio;

namespace AutoFoh.Soundcheck.LineCheck;

/// <summary>
/// A line check on disk: one recording per instrument, named after it (guitar.wav, bass.flac...), and
/// optionally <c>room.wav</c>, a few seconds of the room with nobody playing. A take that cannot be used
/// (missing, too short, silent, clipped) is reported through <c>warn</c> on one line and that
/// instrument is left out; the others go on.
/// </summary>
public static class LineCheckFolder
{
    /// <summary>The file name (without extension) of the room tone.</summary>
    public const string RoomToneName = "room";

    /// <summary>The usable takes of <paramref name="instruments"/> at <paramref name="sampleRateHz"/> (resampled when needed).</summary>
    public static LineCheckTakes Load(string folder, IReadOnlyList<string> instruments, int sampleRateHz, Action<string> warn)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: line-check folder not found");
        var names = new List<string>();
        var takes = new List<float[]>();
        foreach (string instrument in instruments)
        {
            string? file = Find(folder, instrument);
            if (file is null) { warn($"line check: no take for '{instrument}' in {folder} (expected e.g. {instrument}.wav); {instrument} is not judged"); continue; }
            var take = Read(file, sampleRateHz, warn);
            try
            {
                LineCheckTakes.Check(instrument, take, sampleRateHz);
            }
            catch (LineCheckException error)
            {
                warn($"{error.Message}; {instrument} is not judged");
                continue;
            }
            names.Add(instrument);
            takes.Add(take);
        }
        if (names.Count == 0) throw new InvalidDataException($"{folder}: no usable line-check take for any of {string.Join(", ", instruments)}");
        float[]? roomTone = null;
        if (Find(folder, RoomToneName) is { } roomFile)
        {
            roomTone = Read(roomFile, sampleRateHz, warn);
            try
            {
                LineCheckTakes.CheckRoomTone(roomTone, sampleRateHz);
            }
            catch (LineCheckException error)
            {
                warn($"{error.Message}; the takes are judged without the noise floor");
                roomTone = null;
            }
        }
        return new LineCheckTakes(names, takes, sampleRateHz, roomTone);
    }

    private static string? Find(string folder, string name) => Directory.GetFiles(folder).Order(StringComparer.Ordinal).FirstOrDefault(f =>
        string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase) && AudioFile.HasAudioExtension(f));

    private static float[] Read(string file, int sampleRateHz, Action<string> warn)
    {
        var buffer = AudioFile.ReadAll(file);
        if (buffer.SampleRateHz != sampleRateHz)
        {
            warn($"line check: {file} is at {buffer.SampleRateHz} Hz, the reference at {sampleRateHz} Hz; resampled");
            buffer = Resampler.Resample(buffer, sampleRateHz);
        }
        return buffer.Mono();
    }
}

using System.Text.Json;
using AutoFoh.Audio;
using AutoFoh.Cli.Output;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// The live path of `soundcheck` (issue 5): the line check, its self-test and the solo-take advice, then
/// advice every second from the room microphone. A take that cannot be used (missing, too short, silent,
/// clipped) is reported on one line and that instrument is left out; the others go on.
/// </summary>
internal static class RoomSoundcheck
{
    private static readonly string[] AudioExtensions = [".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aif", ".aiff", ".opus"];

    public static int Run(ReferenceModel model, string folder, string input, bool json)
    {
        if (!Directory.Exists(folder)) throw new CliException($"{folder}: line-check folder not found");
        if (input == "jack") throw new CliException("--input jack: live capture from JACK comes with the real-time engine (issue 8); record the microphone to a file and pass --input FILE");
        var names = new List<string>();
        var takes = new List<float[]>();
        int rate = model.SampleRateHz;
        foreach (string instrument in model.Instruments)
        {
            string? file = FindTake(folder, instrument);
            if (file is null) { Warn($"line check: no take for '{instrument}' in {folder} (expected e.g. {instrument}.wav); {instrument} is not judged"); continue; }
            var take = ReadTake(file, rate);
            try
            {
                LineCheckTakes.Check(instrument, take, rate);
            }
            catch (LineCheckException error)
            {
                Warn($"{error.Message}; {instrument} is not judged");
                continue;
            }
            names.Add(instrument);
            takes.Add(take);
        }
        if (names.Count == 0) throw new CliException($"{folder}: no usable line-check take for any of {string.Join(", ", model.Instruments)}");
        var micBuffer = AudioFile.ReadAll(input);
        if (micBuffer.SampleRateHz != rate)
        {
            Warn($"{input} is at {micBuffer.SampleRateHz} Hz, the line check at {rate} Hz; the microphone is resampled");
            micBuffer = Resampler.Resample(micBuffer, rate);
        }
        var mic = micBuffer.Mono();
        // The room tone (room.wav: a few seconds with nobody playing) gives the microphone's noise floor.
        float[]? roomTone = null;
        if (FindTake(folder, RoomToneName) is { } roomFile)
        {
            roomTone = ReadTake(roomFile, rate);
            try
            {
                LineCheckTakes.CheckRoomTone(roomTone, rate);
            }
            catch (LineCheckException error)
            {
                Warn($"{error.Message}; the takes are judged without the noise floor");
                roomTone = null;
            }
        }
        var coach = new LiveCoach(model, new LineCheckTakes(names, takes, rate, roomTone));
        if (!coach.Aligned.Found) Warn("line check: the passage was not found in the reference; judging it against the reference's mean balance");
        foreach (var result in coach.SelfTest.Where(r => !r.Trackable))
            Warn($"self-test: '{result.Instrument}' cannot be followed in the full band (off by up to {result.WorstErrorDb:0} dB); it is judged from solo takes (recheck)");
        foreach (var advice in coach.SoloAdvice()) Print(advice, json);
        int window = coach.WindowSamples;
        for (int start = 0; start + window <= mic.Length; start += window)
            foreach (var advice in coach.Advise(mic.AsSpan(start, window), (start + window) / (double)rate)) Print(advice, json);
        return ExitCodes.Ok;
    }

    /// <summary>The line-check file of the room with nobody playing.</summary>
    public const string RoomToneName = "room";

    private static string? FindTake(string folder, string name) => Directory.GetFiles(folder).FirstOrDefault(f =>
        string.Equals(Path.GetFileNameWithoutExtension(f), name, StringComparison.OrdinalIgnoreCase) && AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()));

    private static float[] ReadTake(string file, int rate)
    {
        var buffer = AudioFile.ReadAll(file);
        if (buffer.SampleRateHz != rate)
        {
            Warn($"line check: {file} is at {buffer.SampleRateHz} Hz, the reference at {rate} Hz; resampled");
            buffer = Resampler.Resample(buffer, rate);
        }
        return buffer.Mono();
    }

    private static void Print(CoachAdvice advice, bool json)
    {
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["t_s"] = advice.TimeSeconds,
                ["instrument"] = advice.Instrument,
                ["advice"] = advice.Action.Word(),
                ["offset_db"] = advice.OffsetDb,
                ["source"] = advice.Source,
                ["flag"] = advice.Flag,
            }, Json.Line));
        else if (advice.Action != AdviceAction.Stay || advice.Flag != "ok")
            Console.Out.WriteLine($"{advice.TimeSeconds,7:0.0} s  {advice.Instrument,-12} {advice.Action.Word(),-5} about {Math.Abs(advice.OffsetDb):0} dB  ({advice.Source}{(advice.Flag == "ok" ? "" : ", " + advice.Flag)})");
    }

    private static void Warn(string message) => Console.Error.WriteLine($"warning: {message}");
}

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
    public static int Run(ReferenceModel model, string folder, string input, bool json)
    {
        if (!Directory.Exists(folder)) throw new CliException($"{folder}: line-check folder not found");
        if (input == "jack") throw new CliException("--input jack: live capture from JACK comes with the real-time engine (issue 8); record the microphone to a file and pass --input FILE");
        int rate = model.SampleRateHz;
        LineCheckTakes lineCheck;
        try
        {
            lineCheck = LineCheckFolder.Load(folder, model.Instruments, rate, Warn);
        }
        catch (InvalidDataException error)
        {
            throw new CliException(error.Message);
        }
        var micBuffer = AudioFile.ReadAll(input);
        if (micBuffer.SampleRateHz != rate)
        {
            Warn($"{input} is at {micBuffer.SampleRateHz} Hz, the line check at {rate} Hz; the microphone is resampled");
            micBuffer = Resampler.Resample(micBuffer, rate);
        }
        var mic = micBuffer.Mono();
        var coach = new LiveCoach(model, lineCheck);
        if (!coach.Aligned.Found) Warn("line check: the passage was not found in the reference; judging it against the reference's mean balance");
        foreach (var result in coach.SelfTest.Where(r => !r.Trackable))
            Warn($"self-test: '{result.Instrument}' cannot be followed in the full band (off by up to {result.WorstErrorDb:0} dB); it is judged from solo takes (recheck)");
        foreach (var advice in coach.SoloAdvice()) Print(advice, json);
        int window = coach.WindowSamples;
        for (int start = 0; start + window <= mic.Length; start += window)
            foreach (var advice in coach.Advise(mic.AsSpan(start, window), (start + window) / (double)rate)) Print(advice, json);
        return ExitCodes.Ok;
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

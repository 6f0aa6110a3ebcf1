using AutoFoh.Audio.Serialization;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// The room path of `soundcheck`: the line check, its self-test and the solo-take advice, then advice every
/// second from the room microphone, all from the <see cref="SoundcheckService"/>'s run. A take that cannot be
/// used (missing, too short, silent, clipped) is reported on one line and that instrument is left out; the
/// others go on.
/// </summary>
internal static class RoomSoundcheck
{
    public static int Run(SoundcheckService service, ReferenceModel model, string folder, string input, bool json)
    {
        if (!Directory.Exists(folder)) throw new CliException($"{folder}: line-check folder not found");
        if (input == "jack") throw new CliException("--input jack: the soundcheck command does not capture from JACK; record the microphone to a file and pass --input FILE, or use the web app (serve), which captures the laptop's microphone");
        LineCheckTakes lineCheck;
        try
        {
            lineCheck = service.LoadLineCheck(folder, model, Warn);
        }
        catch (InvalidDataException error)
        {
            throw new CliException(error.Message);
        }
        var mic = service.ReadRecording(input, model, Warn);
        var run = service.Start(model, lineCheck);
        foreach (string note in run.Notes()) Warn(note);
        foreach (var advice in run.SoloAdvice()) Print(advice, json);
        foreach (var second in run.Listen(mic))
            foreach (var advice in second.Advice) Print(advice, json);
        return ExitCodes.Ok;
    }

    private static void Print(CoachAdvice advice, bool json)
    {
        if (json)
            Console.Out.WriteLine(SnakeCaseJson.Serialize(SoundcheckLine.From(advice)));
        else if (advice.Action != AdviceAction.Stay || advice.Flag != AdviceFlag.Ok)
            Console.Out.WriteLine($"{advice.TimeSeconds,7:0.0} s  {advice.Instrument,-12} {advice.Action.Word(),-5} about {Math.Abs(advice.OffsetDb):0} dB  ({advice.Source.Word()}{(advice.Flag == AdviceFlag.Ok ? "" : ", " + advice.Flag.Word())})");
    }

    private static void Warn(string message) => Console.Error.WriteLine($"warning: {message}");
}

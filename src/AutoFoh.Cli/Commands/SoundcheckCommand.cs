using AutoFoh.Audio.Serialization;
using System.CommandLine;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh soundcheck --reference FILE (--input-stems DIR | --line-check DIR --input FILE|jack) [--json]`:
/// advice for every instrument, every second, from live stems, or from one room microphone after a line
/// check. The <see cref="SoundcheckService"/> does the soundcheck; this prints what it says.
/// </summary>
public static class SoundcheckCommand
{
    public static Command Create()
    {
        var reference = new Option<string>("--reference") { Description = "Reference model (from `autofoh reference build`)", Required = true };
        var input = new Option<string>("--input-stems") { Description = "Stems folder of the live band (same instrument names as the reference)" };
        var lineCheck = new Option<string>("--line-check") { Description = "Folder of line-check takes, one file per instrument named like the reference's instruments" };
        var microphone = new Option<string>("--input") { Description = "With --line-check: the room microphone, an audio file (or 'jack')" };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: t_s, instrument, advice (up|down|stay), offset_db (and source, flag with --line-check)" };
        var command = new Command("soundcheck", "Tell every musician 'up', 'down' or nothing, every second, from live stems or a room microphone") { reference, input, lineCheck, microphone, json };
        command.SetAction(parse =>
        {
            var service = SoundcheckService.Default;
            var model = service.LoadReference(parse.GetValue(reference)!);
            if (parse.GetValue(lineCheck) is string lineCheckFolder)
            {
                if (parse.GetValue(input) is not null) throw new CliException("--input-stems and --line-check exclude each other: stems need no line check");
                string mic = parse.GetValue(microphone) ?? throw new CliException("--line-check needs --input: the room microphone's recording (or 'jack')");
                return RoomSoundcheck.Run(service, model, lineCheckFolder, mic, parse.GetValue(json));
            }
            if (parse.GetValue(input) is null) throw new CliException("give --input-stems DIR (live stems), or --line-check DIR with --input FILE (a room microphone)");
            var live = StemLoader.Load(parse.GetValue(input)!);
            bool asJson = parse.GetValue(json);
            foreach (var advice in service.AdviseFromStems(model, live))
            {
                if (asJson)
                    Console.Out.WriteLine(SnakeCaseJson.Serialize(SoundcheckLine.From(advice)));
                else if (advice.Action != AdviceAction.Stay)
                    Console.Out.WriteLine($"{advice.TimeSeconds,7:0.0} s  {advice.Instrument,-12} {advice.Action.Word(),-5} about {Math.Abs(advice.OffsetDb):0} dB");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}

using AutoFoh.Soundcheck.LineCheck;
using System.CommandLine;
using System.Globalization;
using AutoFoh.Audio;
using AutoFoh.Simulation.Microphones;
using AutoFoh.Simulation.Scenes;
using AutoFoh.Soundcheck;

namespace AutoFoh.Cli.Commands;

/// <summary>
/// `autofoh simulate`: a soundcheck in a simulated bar from a stems folder, as files the live path reads:
/// a line check (each instrument alone, the same passage, through the room to the laptop) and the laptop
/// microphone hearing the band, with chosen instruments moved from their line-check level.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var stems = new Option<string>("--stems") { Description = "Stems folder of the band", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for line-check/<instrument>.wav and mic.wav", Required = true };
        var passage = new Option<double>("--passage-s") { Description = "Where in the song the line-check passage starts", DefaultValueFactory = _ => 20 };
        var lineCheckSeconds = new Option<double>("--line-check-seconds") { Description = "Length of each line-check take", DefaultValueFactory = _ => 10 };
        var section = new Option<double>("--section-s") { Description = "Where in the song the microphone recording starts", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the microphone recording", DefaultValueFactory = _ => 20 };
        var gains = new Option<string[]>("--gain") { Description = "NAME=DB: that instrument this much louder in the microphone recording than at the line check", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Room, positions and noise", DefaultValueFactory = _ => 1 };
        var command = new Command("simulate", "Render a line check and a room-microphone recording of a band in a simulated bar") { stems, output, passage, lineCheckSeconds, section, seconds, gains, seed };
        command.SetAction(parse =>
        {
            var band = StemLoader.Load(parse.GetValue(stems)!);
            int rate = band.SampleRateHz;
            var changes = new double[band.Count];
            foreach (var item in parse.GetValue(gains) ?? [])
            {
                var parts = item.Split('=', 2);
                int index = parts.Length == 2 ? band.IndexOf(parts[0]) : -1;
                if (index < 0) throw new CliException($"--gain {item}: expected NAME=DB with NAME one of {string.Join(", ", band.Instruments)}");
                if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out changes[index]) || !double.IsFinite(changes[index]))
                    throw new CliException($"--gain {item}: '{parts[1]}' is not a number of dB");
            }
            int passageStart = Samples(parse.GetValue(passage), rate, "--passage-s"), takeLength = Samples(parse.GetValue(lineCheckSeconds), rate, "--line-check-seconds");
            int sectionStart = Samples(parse.GetValue(section), rate, "--section-s"), micLength = Samples(parse.GetValue(seconds), rate, "--seconds");
            if (passageStart + takeLength > band.Length || sectionStart + micLength > band.Length)
                throw new CliException($"the song lasts {band.DurationSeconds:0.#} s: the passage or the recording reaches past its end");
            var random = new Random(parse.GetValue(seed));
            var scene = StageScene.RandomBar(band.Instruments, random, rate);
            var microphone = new LaptopMicrophone(100, -72, double.NegativeInfinity, random.Next());
            float[] Capture(int instrument, int start, int length, double gainDb) =>
                scene.CaptureAtLaptop(instrument, band.Samples[instrument].AsSpan(start, length), length, gainDb, microphone.HighPassHz);
            var takes = Enumerable.Range(0, band.Count).Select(i => Capture(i, passageStart, takeLength, 0)).ToArray();
            var mic = new float[micLength];
            for (int i = 0; i < band.Count; i++)
            {
                var part = Capture(i, sectionStart, micLength, changes[i]);
                for (int k = 0; k < micLength; k++) mic[k] += part[k];
            }
            // One input gain for the whole session, set so the loudest take peaks at −12 dBFS: the headroom an
            // engineer leaves for a band that plays louder than at its line check (a guitar 12 dB up then
            // peaks near full scale instead of clipping the laptop's input).
            float peak = takes.Max(t => t.Max(Math.Abs));
            float inputGain = peak > 0 ? 0.25f / peak : 1f;
            string folder = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.Combine(folder, "line-check"));
            for (int i = 0; i < band.Count; i++)
            {
                var noise = (microphone with { Seed = microphone.Seed + 1 + i }).Capture(new float[takeLength], rate);
                var take = takes[i].Select((v, k) => v * inputGain + noise[k]).ToArray();
                AudioFile.Write(Path.Combine(folder, "line-check", band.Instruments[i] + ".wav"), new AudioBuffer(rate, [take]));
            }
            // The room tone: three seconds with nobody playing (the coach's measure of the noise floor).
            var roomTone = (microphone with { Seed = microphone.Seed + 100 }).Capture(new float[3 * rate], rate);
            AudioFile.Write(Path.Combine(folder, "line-check", LineCheckFolder.RoomToneName + ".wav"), new AudioBuffer(rate, [roomTone]));
            var micNoise = microphone.Capture(new float[micLength], rate);
            AudioFile.Write(Path.Combine(folder, "mic.wav"), new AudioBuffer(rate, [mic.Select((v, k) => v * inputGain + micNoise[k]).ToArray()]));
            Console.Out.WriteLine($"line check: {Path.Combine(folder, "line-check")} ({band.Count} takes of {takeLength / (double)rate:0.#} s and 3 s of room tone), microphone: {Path.Combine(folder, "mic.wav")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Samples(double seconds, int rate, string option) =>
        seconds >= 0 && double.IsFinite(seconds) ? (int)Math.Round(seconds * rate) : throw new CliException($"{option} {seconds}: must be a non-negative number of seconds");
}

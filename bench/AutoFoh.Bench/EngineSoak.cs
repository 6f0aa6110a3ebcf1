using System.Diagnostics;
using AutoFoh.LiveMix;
using AutoFoh.Realtime;

namespace AutoFoh.Bench;

/// <summary>
/// Soak of the real-time engine: hours of 48 kHz audio pushed through it faster than real time,
/// 128-frame blocks, the same code path as JACK (the offline engine waits for the model, so every decision
/// lands). The audio is a minute of plucked tones and noise per channel, looped, its level swaying ±6 dB
/// over minutes. Reports per simulated 10 minutes: managed heap, resident set, the gain range
/// applied, NaN outputs. Run:
/// dotnet run -c Release --project bench/AutoFoh.Bench -- engine-soak --hours 3 --channels 16 --mixer dugan
/// </summary>
public static class EngineSoak
{
    public static int Run(string[] args)
    {
        double hours = 3;
        int channels = 16;
        string mixer = "dugan";
        for (int i = 0; i + 1 < args.Length; i += 2)
            switch (args[i])
            {
                case "--hours": hours = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--channels": channels = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--mixer": mixer = args[i + 1]; break;
                default: Console.Error.WriteLine($"engine-soak: unknown option {args[i]}"); return 2;
            }
        const int rate = 48000, block = 128;
        var source = SoakAudio.PluckedTones(channels, rate);
        var cache = new MixerRegistry(Path.Combine(BenchData.Root, "models"));
        using var engine = new LiveEngine(new EngineSettings { SampleRateHz = rate, Channels = channels, Outputs = 2, Offline = true, MaxBlock = block },
            () => cache.Create(mixer));
        engine.Start();
        var left = new float[block];
        var right = new float[block];
        long total = (long)(hours * 3600 * rate), reportEvery = 600L * rate, nextReport = reportEvery;
        float minGain = float.MaxValue, maxGain = float.MinValue;
        long nanOutputs = 0;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"engine soak: {hours} h of {channels} channels at {rate} Hz, {block}-frame blocks, mixer {mixer}");
        Console.WriteLine("| simulated | wall clock | managed heap | resident set | gains applied | NaN outputs |");
        Console.WriteLine("|---:|---:|---:|---:|---|---:|");
        for (long at = 0; at < total; at += block)
        {
            int offset = (int)(at % source[0].Length);
            if (offset + block > source[0].Length) offset = 0;
            float pass = 1 + 0.5f * (float)Math.Sin(at / (double)(60 * rate));   // each pass a little louder or softer
            for (int c = 0; c < channels; c++)
            {
                var input = engine.Input(c);
                for (int n = 0; n < block; n++) input[n] = pass * source[c][offset + n];
            }
            engine.Process(block, left, right);
            for (int n = 0; n < block; n++) if (!float.IsFinite(left[n]) || !float.IsFinite(right[n])) nanOutputs++;
            foreach (float g in engine.Status.AppliedGainDb) { if (g < minGain) minGain = g; if (g > maxGain) maxGain = g; }
            if (at + block >= nextReport || at + block >= total)
            {
                nextReport += reportEvery;
                using var process = Process.GetCurrentProcess();
                Console.WriteLine($"| {(at + block) / (double)rate / 60:0} min | {clock.Elapsed.TotalMinutes:0.0} min | {GC.GetTotalMemory(false) / 1e6:0.0} MB | {process.WorkingSet64 / 1e6:0.0} MB | {minGain:0.0} .. {maxGain:0.0} dB | {nanOutputs} |");
            }
        }
        Console.WriteLine($"{total / (double)rate / 3600:0.##} h in {clock.Elapsed.TotalMinutes:0.0} min ({total / (double)rate / clock.Elapsed.TotalSeconds:0}x real time); overruns {engine.Status.Overruns}, late blocks {engine.Status.LateBlocks}, feedback pull-downs {engine.Status.FeedbackEvents} {engine.Status.Message}");
        return nanOutputs == 0 ? 0 : 1;
    }
}

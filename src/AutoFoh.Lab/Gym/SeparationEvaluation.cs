using AutoFoh.Simulation.Microphones;
using AutoFoh.Simulation.Scenes;
using AutoFoh.Soundcheck.Dominance;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Presence;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Separation;
using AutoFoh.Soundcheck;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Dsp.Bands;

namespace AutoFoh.Lab.Gym;

/// <summary>One method's separation figures over all rooms of all songs.</summary>
/// <param name="DominanceError">Mean |separated − true| share per band and instrument, per second (0..1; null for methods that do not split the live second).</param>
/// <param name="SiSdrDb">Per instrument, mean SI-SDR against the room-rendered true stem (time-domain methods only).</param>
/// <param name="LevelErrorDb">Median |tracked − true| level change of the target (level trackers only).</param>
public sealed record SeparationFigures(string Method, double? DominanceError, IReadOnlyDictionary<string, double>? SiSdrDb, double? LevelErrorDb, int Seconds);

/// <summary>
/// The separation table of docs/results.md: for every song and a number of random bars, a line check (all instruments
/// the same ten seconds, outside the section) and twenty seconds of the band at the laptop with the
/// target <see cref="TargetChangeDb"/> from its line-check level; then per method the dominance error of
/// the separated estimates against the room-rendered true stems, SI-SDR for the time-domain baseline (and
/// the unprocessed microphone as its floor), and the level error of the trackers.
/// </summary>
public static class SeparationEvaluation
{
    public const double TargetChangeDb = 6;
    public static readonly string[] Methods = ["mixture", "nmf-stft", "nmf", "exemplar", "ltas", "tracking", "informed"];

    public static List<SeparationFigures> Run(IReadOnlyList<StemSet> songs, string target, int rooms, int seed, IProgress<double>? progress = null)
    {
        var dominanceErrors = Methods.ToDictionary(m => m, _ => new List<double>());
        var levelErrors = Methods.ToDictionary(m => m, _ => new List<double>());
        var siSdr = new Dictionary<string, Dictionary<string, List<double>>> { ["mixture"] = new(), ["nmf-stft"] = new() };
        int done = 0;
        for (int s = 0; s < songs.Count; s++)
        {
            var stems = songs[s];
            int rate = stems.SampleRateHz, n = stems.Count, t = stems.IndexOf(target);
            if (t < 0) throw new ArgumentException($"{stems.Name}: no stem named '{target}'");
            var model = SoundcheckService.Default.BuildReference(stems);
            var presence = PresenceMap.Compute(stems.Instruments, stems.Samples, stems.Instruments.Select(_ => new PresenceDetector(rate)).ToArray(), rate, rate);
            for (int r = 0; r < rooms; r++)
            {
                var random = new Random(SeedMixer.Mix(seed, s, r));
                var scene = StageScene.RandomBar(stems.Instruments, random, rate);
                var microphone = new LaptopMicrophone(80 + 60 * random.NextDouble(), -75 + 15 * random.NextDouble(), double.NegativeInfinity, random.Next());
                int passage = presence.BestWindowStart(10, random), section = presence.BestWindowStart(20, random, passage, 10);
                if (passage < 0 || section < 0) throw new ArgumentException($"{stems.Name}: too short for a 20 s stretch and a 10 s line check");
                var takes = Enumerable.Range(0, n).Select(i => scene.CaptureAtLaptop(i, stems.Samples[i].AsSpan(passage * rate, 10 * rate), 10 * rate, 0, microphone.HighPassHz)).ToArray();
                var truth = Enumerable.Range(0, n).Select(i => scene.CaptureAtLaptop(i, stems.Samples[i].AsSpan(section * rate, 20 * rate), 20 * rate, i == t ? TargetChangeDb : 0, microphone.HighPassHz)).ToArray();
                var noise = microphone.Capture(new float[20 * rate], rate);
                var mic = new float[20 * rate];
                for (int k = 0; k < mic.Length; k++) { mic[k] = noise[k]; for (int i = 0; i < n; i++) mic[k] += truth[i][k]; }
                for (int i = 0; i < n; i++)
                {
                    var noiseTake = (microphone with { Seed = microphone.Seed + 1 + i }).Capture(new float[takes[i].Length], rate);
                    for (int k = 0; k < takes[i].Length; k++) takes[i][k] += noiseTake[k];
                }
                // The laptop's input gain: the loudest take peaks at −6 dBFS.
                float peak = takes.Max(x => x.Max(Math.Abs));
                if (peak > 0.5f)
                    foreach (var signal in takes.Concat(truth).Append(mic))
                        for (int k = 0; k < signal.Length; k++) signal[k] *= 0.5f / peak;
                Evaluate(stems, model, takes, truth, mic, t, dominanceErrors, levelErrors, siSdr);
                progress?.Report(++done / (double)(songs.Count * rooms));
            }
        }
        return Methods.Select(m => new SeparationFigures(m,
            dominanceErrors[m].Count > 0 ? dominanceErrors[m].Average() : null,
            siSdr.TryGetValue(m, out var perInstrument) ? perInstrument.ToDictionary(kv => kv.Key, kv => kv.Value.Average()) : null,
            levelErrors[m].Count > 0 ? levelErrors[m].Order().ElementAt(levelErrors[m].Count / 2) : null,
            Math.Max(dominanceErrors[m].Count, levelErrors[m].Count))).ToList();
    }

    private static void Evaluate(StemSet stems, ReferenceModel model, float[][] takes, float[][] truth, float[] mic, int target,
        Dictionary<string, List<double>> dominanceErrors, Dictionary<string, List<double>> levelErrors, Dictionary<string, Dictionary<string, List<double>>> siSdr)
    {
        int rate = stems.SampleRateHz, n = stems.Count, seconds = mic.Length / rate;
        var analysis = new PerceptualDominance(rate, n);
        var single = new PerceptualDominance(rate, 1);
        var trueShares = new float[CriticalBands.Count * n];
        var estimatedShares = new float[CriticalBands.Count * n];
        var estimates = Enumerable.Range(0, n).Select(_ => new float[rate / 2 + 1]).ToArray();
        var separators = new Dictionary<string, ISpectralSeparator>
        {
            ["nmf"] = SeparatorCatalog.Create("nmf", stems.Instruments, takes, rate, rate),
            ["exemplar"] = SeparatorCatalog.Create("exemplar", stems.Instruments, takes, rate, rate),
            ["ltas"] = SeparatorCatalog.Create("ltas", stems.Instruments, takes, rate, rate),
        };
        for (int second = 0; second < seconds; second++)
        {
            var window = mic.AsSpan(second * rate, rate);
            for (int i = 0; i < n; i++) analysis.LoadMagnitudes(i, truth[i].AsSpan(second * rate, rate));
            analysis.SharesFromMagnitudes(trueShares);
            single.LoadMagnitudes(0, window);
            var micMagnitudes = single.Magnitudes(0).ToArray();
            foreach (var (name, separator) in separators)
            {
                separator.Separate(window, micMagnitudes, estimates);
                for (int i = 0; i < n; i++) analysis.SetMagnitudes(i, estimates[i]);
                analysis.SharesFromMagnitudes(estimatedShares);
                double error = 0;
                for (int k = 0; k < trueShares.Length; k++) error += Math.Abs(estimatedShares[k] - trueShares[k]);
                dominanceErrors[name].Add(error / trueShares.Length);
            }
        }
        // Level trackers: the target's change since the line check, per second.
        var plain = new LevelTrackingSeparator(stems.Instruments, takes, rate, rate);
        var changes = new double[n];
        for (int second = 0; second < seconds; second++)
        {
            plain.FitChanges(mic.AsSpan(second * rate, rate), changes);
            levelErrors["tracking"].Add(Math.Abs(changes[target] - TargetChangeDb));
        }
        var coach = SoundcheckService.Default.Coach(model, new LineCheckTakes(stems.Instruments, takes, rate));
        for (int second = 0; second < seconds; second++)
        {
            coach.Advise(mic.AsSpan(second * rate, rate), second + 1);
            if (coach.Position is not null && !coach.Resting[target]) levelErrors["informed"].Add(Math.Abs(coach.LastChangesDb[target] - TargetChangeDb));
        }
        // The time-domain baseline and the microphone itself, by SI-SDR against each true room stem.
        var baseline = new NmfLineCheckSeparator(stems.Instruments, takes, rate);
        var separated = baseline.Separate(mic);
        for (int i = 0; i < n; i++)
        {
            Add(siSdr["nmf-stft"], stems.Instruments[i], SiSdr.Db(separated[i], truth[i]));
            Add(siSdr["mixture"], stems.Instruments[i], SiSdr.Db(mic, truth[i]));
        }
    }

    private static void Add(Dictionary<string, List<double>> table, string key, double value)
    {
        if (!table.TryGetValue(key, out var list)) table[key] = list = [];
        list.Add(value);
    }


}

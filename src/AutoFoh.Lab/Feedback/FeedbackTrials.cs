using System.Numerics;
using AutoFoh.Audio;
using AutoFoh.Dsp.Feedback;
using AutoFoh.Dsp.Filters;
using AutoFoh.Simulation.Rooms;

namespace AutoFoh.Lab.Feedback;

/// <summary>The outcome of one feedback trial (a closed loop or a growing tone).</summary>
/// <param name="Kind">"loop" or "tone".</param>
/// <param name="StartSeconds">When the howl starts: the loop gain crosses 1, or the tone starts.</param>
/// <param name="NotchSeconds">The first notch within two semitones of the howl, null if none.</param>
/// <param name="RiseDb">The howl's most, in the channel's output, over its level at the start (dB).</param>
public sealed record FeedbackTrialResult(string Kind, int Index, string Music, double FrequencyHz, double GrowthDbPerSecond, double StartSeconds,
    double? NotchSeconds, double RiseDb, int Notches, double LoopDelayMs)
{
    /// <summary>Notched within <paramref name="withinSeconds"/> of the start (or before it) and held under <paramref name="maxRiseDb"/>.</summary>
    public bool Caught(double withinSeconds = 0.25, double maxRiseDb = 6) => NotchSeconds is { } t && t - StartSeconds <= withinSeconds && RiseDb < maxRiseDb;

    /// <summary>When the howl first stood 3 dB over its start in the channel's output (null: never).</summary>
    public double? EmergedSeconds { get; init; }

    /// <summary>What the channel did, in order.</summary>
    public IReadOnlyList<TrialEvent> Events { get; init; } = [];

    /// <summary>Notch time minus start (ms), null if never notched.</summary>
    public double? DetectionMs => NotchSeconds is { } t ? 1000 * (t - StartSeconds) : null;
}

/// <summary>A feedback action in a trial: when its effect began (s), what, where (Hz), how deep (dB).</summary>
public sealed record TrialEvent(double TimeS, string Action, double FrequencyHz, double DepthDb);

/// <summary>
/// Feedback trials under music, each from its own seed: closed acoustic loops in random rooms (<see cref="Loop"/>)
/// and pure tones that grow under music (<see cref="Tone"/>). The music is an excerpt of a random non-drum stem of a
/// random song in a folder of live folders (a channel, with the band's bleed in it) or of stems folders; the channel under test is made by <paramref name="channel"/>.
/// </summary>
public sealed class FeedbackTrials(IReadOnlyList<string> songFolders, Func<int, IChannelUnderTest> channel, int blockFrames = 128)
{
    public const double ExcerptSeconds = 12;

    /// <summary>A <see cref="GuardedChannel"/> records the tracks near the howl (its Trace).</summary>
    public bool Watch { get; init; }

    /// <summary>The last trial's channel (for its trace).</summary>
    public IChannelUnderTest? Last { get; private set; }
    private readonly Dictionary<string, AudioBuffer> _stems = [];

    /// <summary>
    /// A loop: a shoebox room (8-20 m long, RT60 0.3-0.9 s), the PA at the front, the microphone 1.5-6 m from it; a
    /// loop equaliser boost (+12 dB, Q 2-6) at a frequency drawn log-uniformly in 100 Hz-8 kHz; the amplifier's gain
    /// rises at 2-6 dB/s (a fader pushed up), reaching the loop's gain margin after 3-7 s, to 3 dB over it, then holds.
    /// The start is the moment the loop gain at its phase crossover passes 1 (Nyquist); the rise is measured at that
    /// crossover's frequency in the PA's feed.
    /// </summary>
    public FeedbackTrialResult Loop(int seed, int index)
    {
        var random = new Random(SeedMixer.Mix(seed, index, 0x100F));
        var (music, name, rate) = Music(random);
        double length = 8 + 12 * random.NextDouble(), width = 6 + 8 * random.NextDouble(), height = 3 + 3 * random.NextDouble();
        var room = ShoeboxRoom.WithRt60(length, width, height, 0.3 + 0.6 * random.NextDouble());
        var speaker = new Point3(1 + random.NextDouble(), width * (0.2 + 0.6 * random.NextDouble()), Math.Min(height - 0.5, 2.5));
        Point3 microphone;
        do
        {
            double distance = 1.5 + 4.5 * random.NextDouble(), angle = (random.NextDouble() - 0.5) * Math.PI * 0.8;
            microphone = new Point3(speaker.X + distance * Math.Cos(angle), speaker.Y + distance * Math.Sin(angle), 1.2 + 0.6 * random.NextDouble());
        }
        while (!room.Contains(microphone) || microphone.DistanceTo(speaker) * rate / ShoeboxRoom.SpeedOfSoundMetresPerSecond < AcousticLoop.MinDelaySamples(blockFrames) + 16);
        double eqHz = 100 * Math.Pow(80, random.NextDouble());
        // The resonance, and the band of a PA top and a vocal microphone: 80 Hz-14 kHz, 12 dB/octave each side.
        BiquadCoefficients[] filters =
        [
            BiquadCoefficients.Peaking(eqHz, rate, 12, 2 + 4 * random.NextDouble()),
            BiquadCoefficients.HighPass(80, rate, Math.Sqrt(0.5)),
            BiquadCoefficients.LowPass(14000, rate, Math.Sqrt(0.5)),
        ];
        var response = ImageSourceModel.ImpulseResponse(room, speaker, microphone, rate, 0.25);
        var loop = new AcousticLoop(response, filters, rate, blockFrames);
        var (peak, howlHz) = loop.PhaseCrossoverPeak();
        double marginDb = -20 * Math.Log10(peak);   // the amplifier gain (dB) at which the loop gain reaches 1
        double ramp = 2 + 4 * random.NextDouble(), start = 3 + 4 * random.NextDouble(), below = ramp * start, over = 3;
        int frames = (int)((start + 2.5) * rate);
        var channelUnderTest = channel(rate);
        if (channelUnderTest is GuardedChannel guarded && Watch) guarded.WatchHz = howlHz;
        var pa = new float[frames];
        var block = new float[blockFrames];
        var output = new float[blockFrames];
        for (int at = 0; at < frames; at += blockFrames)
        {
            int n = Math.Min(blockFrames, frames - at);
            var incoming = loop.Incoming;
            for (int i = 0; i < n; i++) block[i] = music[at + i] + incoming[i];
            channelUnderTest.Process(block.AsSpan(0, n), output.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                double t = (at + i) / (double)rate;
                double gainDb = marginDb - below + Math.Min(ramp * t, below + over);
                pa[at + i] = output[i];
                output[i] = (float)(output[i] * Math.Pow(10, gainDb / 20));
            }
            loop.Play(output.AsSpan(0, n));
        }
        // Where the howl started: the PA's level at its frequency over the 40 ms up to the crossing.
        double reference = NarrowbandLevel(pa, rate, howlHz)[(int)(start / NarrowbandHopSeconds)];
        return Result("loop", index, name, howlHz, ramp, start, channelUnderTest, pa, rate, 1000.0 * loop.DelaySamples / rate, reference);
    }

    /// <summary>
    /// A tone: a sine at a frequency drawn log-uniformly in 100 Hz-8 kHz starts 2-4 s into the music, 20 dB under the
    /// music's RMS, and grows at 20-60 dB/s for 40 dB (at most to −6 dBFS), then holds. The start is the tone's
    /// onset; the rise is measured at its frequency in the channel's output, over the input's level there at the start.
    /// </summary>
    public FeedbackTrialResult Tone(int seed, int index)
    {
        var random = new Random(SeedMixer.Mix(seed, index, 0x70E));
        var (music, name, rate) = Music(random);
        double hz = 100 * Math.Pow(80, random.NextDouble()), growth = 20 + 40 * random.NextDouble(), start = 2 + 2 * random.NextDouble();
        double rms = Math.Sqrt(music.Average(v => (double)v * v));
        double startDb = 20 * Math.Log10(rms * Math.Sqrt(2)) - 20;   // the tone's amplitude, dB re full scale
        double topDb = Math.Min(startDb + 40, -6);
        int frames = (int)((start + 3) * rate);
        var input = new float[frames];
        double phase = random.NextDouble() * 2 * Math.PI;
        for (int i = 0; i < frames; i++)
        {
            double t = i / (double)rate;
            double level = t < start ? double.NegativeInfinity : Math.Min(startDb + growth * (t - start), topDb);
            input[i] = music[i] + (float)(Math.Pow(10, level / 20) * Math.Sin(2 * Math.PI * hz * t + phase));
        }
        var channelUnderTest = channel(rate);
        if (channelUnderTest is GuardedChannel guarded && Watch) guarded.WatchHz = hz;
        var output = new float[frames];
        for (int at = 0; at < frames; at += blockFrames)
        {
            int n = Math.Min(blockFrames, frames - at);
            channelUnderTest.Process(input.AsSpan(at, n), output.AsSpan(at, n));
        }
        // Where the howl started: the tone's onset amplitude, or the music's own level at its frequency around then if louder.
        var musicLevel = NarrowbandLevel(music.AsSpan(0, frames).ToArray(), rate, hz);
        int at0 = (int)(start / NarrowbandHopSeconds);
        double reference = Math.Max(startDb, musicLevel.AsSpan(Math.Max(0, at0 - 20), 40).ToArray().Max());
        return Result("tone", index, name, hz, growth, start, channelUnderTest, output, rate, 0, reference);
    }

    private FeedbackTrialResult Result(string kind, int index, string music, double hz, double growth, double start, IChannelUnderTest channel,
        float[] output, int rate, double delayMs, double reference)
    {
        Last = channel;
        (channel as IDisposable)?.Dispose();
        var outLevel = NarrowbandLevel(output, rate, hz);
        int first = (int)(start / NarrowbandHopSeconds);
        // When a perfect detector could first have heard it: the howl 3 dB over its start in the output (before any notch).
        double? emerged = null;
        for (int i = Math.Max(0, first - 100); i < outLevel.Length; i++)
            if (outLevel[i] >= reference + 3) { emerged = i * NarrowbandHopSeconds; break; }
        double most = double.NegativeInfinity;
        for (int i = first; i < outLevel.Length; i++) most = Math.Max(most, outLevel[i]);
        double? notch = null;
        foreach (var (t, e) in channel.Events)
            if (e.Action == FeedbackAction.Notch && Math.Abs(12 * Math.Log2(e.FrequencyHz / hz)) <= 2) { notch = t; break; }
        return new FeedbackTrialResult(kind, index, music, hz, growth, start, notch, most - reference, channel.Events.Count(e => e.Event.Action == FeedbackAction.Notch), delayMs)
        {
            EmergedSeconds = emerged,
            Events = channel.Events.Select(e => new TrialEvent(Math.Round(e.TimeSeconds, 3), e.Event.Action.ToString(), Math.Round(e.Event.FrequencyHz, 1), Math.Round(e.Event.DepthDb, 1))).ToList(),
        };
    }

    public const double NarrowbandHopSeconds = 0.005;

    /// <summary>
    /// The level (dB re a full-scale sine) at <paramref name="hz"/>: the signal times e^{−j2πft}, averaged over 40 ms
    /// (a 25 Hz wide band), every 5 ms. A sine of amplitude A there reads 20·log10(A).
    /// </summary>
    public static double[] NarrowbandLevel(float[] signal, int rate, double hz)
    {
        int window = (int)(0.04 * rate), hop = (int)(NarrowbandHopSeconds * rate);
        var prefix = new Complex[signal.Length + 1];
        for (int i = 0; i < signal.Length; i++)
        {
            double w = 2 * Math.PI * hz * i / rate;
            prefix[i + 1] = prefix[i] + signal[i] * new Complex(Math.Cos(w), -Math.Sin(w));
        }
        var levels = new double[signal.Length / hop];
        for (int h = 0; h < levels.Length; h++)
        {
            int end = h * hop, begin = Math.Max(0, end - window);
            double amplitude = end > begin ? 2 * (prefix[end] - prefix[begin]).Magnitude / window : 0;
            levels[h] = 20 * Math.Log10(amplitude + 1e-12);
        }
        return levels;
    }

    /// <summary>A random excerpt of a random pitched stem (not drums) with music in it, at −24 dBFS RMS.</summary>
    private (float[] Music, string Name, int Rate) Music(Random random)
    {
        for (int attempt = 0; ; attempt++)
        {
            string song = songFolders[random.Next(songFolders.Count)];
            // A live folder's channels (each microphone with the band's bleed in it), or a stems folder's stems.
            string inputs = Path.Combine(song, "inputs");
            var files = AudioFile.InFolder(Directory.Exists(inputs) ? inputs : song).Where(f => !Path.GetFileNameWithoutExtension(f).StartsWith("drum", StringComparison.OrdinalIgnoreCase)).ToArray();
            string file = files[random.Next(files.Length)];
            if (!_stems.TryGetValue(file, out var audio)) _stems[file] = audio = AudioFile.ReadAll(file);
            var mono = audio.Mono();
            int rate = audio.SampleRateHz, length = (int)(ExcerptSeconds * rate);
            if (mono.Length <= length) continue;
            int offset = random.Next(mono.Length - length);
            var excerpt = mono.AsSpan(offset, length).ToArray();
            double rms = Math.Sqrt(excerpt.Average(v => (double)v * v));
            if ((rms < 1e-3 || SilentSeconds(excerpt, rate) > 3) && attempt < 50) continue;
            float scale = (float)(Math.Pow(10, -24 / 20.0) / Math.Max(rms, 1e-6));
            for (int i = 0; i < excerpt.Length; i++) excerpt[i] *= scale;
            return (excerpt, $"{Path.GetFileName(song)}/{Path.GetFileNameWithoutExtension(file)}@{offset / (double)rate:0.0}s", rate);
        }
    }

    private static double SilentSeconds(float[] x, int rate)
    {
        int block = rate / 10, silent = 0;
        double rms = Math.Sqrt(x.Average(v => (double)v * v));
        for (int at = 0; at + block <= x.Length; at += block)
        {
            double sum = 0;
            for (int i = at; i < at + block; i++) sum += x[i] * x[i];
            if (Math.Sqrt(sum / block) < rms / 30) silent++;
        }
        return silent * 0.1;
    }
}

using AutoFoh.Simulation.Songs;

namespace AutoFoh.Lab.Feedback;

/// <summary>
/// Music made to look like feedback, rendered with fluidsynth and the General MIDI soundfont: near-pure tones that
/// hold a stable frequency and grow. A feedback detector must stay quiet on all of it.
/// <list type="bullet">
/// <item><c>organ_crescendo</c>: sustained organ chords and single notes (drawbar, church, reed) under slow and fast
/// crescendos (expression, CC 11, over 4-10 s: about 2.5-6 dB/s).</item>
/// <item><c>pad_vibrato</c>: synth pads and a choir with vibrato (modulation, CC 1), swelling.</item>
/// <item><c>guitar_sustain</c>: held distorted and overdriven notes and power chords, and long clean notes.</item>
/// <item><c>flute_line</c>: flute, recorder, pan flute, whistle and ocarina (the purest tone in the soundfont)
/// melodies with long notes, some with vibrato, some swelling.</item>
/// </list>
/// </summary>
public static class AdversarialMusic
{
    public static readonly string[] Names = ["organ_crescendo", "pad_vibrato", "guitar_sustain", "flute_line"];
    private const int TicksPerSecond = MidiFile.TicksPerQuarter;   // at 60 bpm

    /// <summary>Renders every piece that is not there yet into <paramref name="folder"/> (name.wav); returns the files.</summary>
    public static IReadOnlyList<string> Ensure(string folder, int sampleRateHz = 44100)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (string name in Names)
        {
            string wav = Path.Combine(folder, name + ".wav");
            files.Add(wav);
            if (File.Exists(wav)) continue;
            string midi = Path.Combine(folder, name + ".mid"), partial = Path.Combine(folder, name + ".partial.wav");
            File.WriteAllBytes(midi, MidiFile.Write(60, Tracks(name)));
            StemRenderer.RenderMidi(midi, partial, sampleRateHz);
            File.Delete(midi);
            File.Move(partial, wav, overwrite: true);
        }
        return files;
    }

    public static IReadOnlyList<MidiFile.Track> Tracks(string name) => name switch
    {
        "organ_crescendo" => [.. Swells("organ", [16, 19, 20], [[48, 52, 55, 60], [53, 57, 60], [43, 50, 55, 59, 62], [67], [72], [36, 43]])],
        "pad_vibrato" => [.. Swells("pad", [89, 90, 52, 94], [[55, 59, 62], [48, 55, 64], [60], [50, 57, 62, 65], [69], [45, 52, 57]], vibrato: true)],
        "guitar_sustain" => [.. Held("guitar", [30, 29, 27], [[40], [45, 52, 57], [52], [57], [64], [47, 54, 59], [69], [55]])],
        "flute_line" => [.. Melodies("flute", [73, 74, 75, 78, 79])],
        _ => throw new ArgumentException($"{name}: not an adversarial piece ({string.Join(", ", Names)})"),
    };

    /// <summary>Each chord held 8-10 s under a crescendo from expression 30-45 to 127 (4-10 s), one program after another.</summary>
    private static IEnumerable<MidiFile.Track> Swells(string name, int[] programs, int[][] chords, bool vibrato = false)
    {
        int channel = 0;
        foreach (int program in programs)
        {
            var notes = new List<MidiNote>();
            var controls = new List<MidiControl>();
            long at = channel * chords.Length * 10L * TicksPerSecond;
            for (int c = 0; c < chords.Length; c++)
            {
                long start = at + c * 10L * TicksPerSecond;
                double swellSeconds = 4 + 6 * ((c + channel) % 3) / 2.0;
                int from = 30 + 15 * (c % 2);
                foreach (int key in chords[c]) notes.Add(new MidiNote(key, 90, start, 9L * TicksPerSecond, channel));
                for (int step = 0; step <= 40; step++)
                {
                    long tick = start + (long)(step / 40.0 * swellSeconds * TicksPerSecond);
                    controls.Add(new MidiControl(tick, 11, from + (127 - from) * step / 40));
                }
                if (vibrato) controls.Add(new MidiControl(start, 1, 60 + 30 * (c % 3)));
            }
            yield return new MidiFile.Track($"{name}{program}", channel, program, notes) { Controls = controls };
            channel++;
        }
    }

    /// <summary>Notes and chords held 6 s each with a second of silence between, one program after another.</summary>
    private static IEnumerable<MidiFile.Track> Held(string name, int[] programs, int[][] chords)
    {
        int channel = 0;
        foreach (int program in programs)
        {
            var notes = new List<MidiNote>();
            long at = channel * chords.Length * 7L * TicksPerSecond;
            for (int c = 0; c < chords.Length; c++)
                foreach (int key in chords[c]) notes.Add(new MidiNote(key, 100, at + c * 7L * TicksPerSecond, 6L * TicksPerSecond, channel));
            yield return new MidiFile.Track($"{name}{program}", channel, program, notes);
            channel++;
        }
    }

    /// <summary>A slow melody (notes of 0.5-3 s, a few swelling over 2 s, vibrato on every other program), one program after another.</summary>
    private static IEnumerable<MidiFile.Track> Melodies(string name, int[] programs)
    {
        int[] keys = [72, 74, 76, 79, 77, 76, 74, 72, 71, 72, 76, 81, 79, 77, 76, 74];
        double[] lengths = [1, 0.5, 0.5, 2, 1, 0.5, 0.5, 3, 1, 1, 2, 3, 0.5, 0.5, 1, 3];
        int channel = 0;
        long at = 0;
        foreach (int program in programs)
        {
            var notes = new List<MidiNote>();
            var controls = new List<MidiControl> { new(at, 1, channel % 2 == 0 ? 70 : 0), new(at, 11, 100) };
            for (int i = 0; i < keys.Length; i++)
            {
                long length = (long)(lengths[i] * TicksPerSecond);
                notes.Add(new MidiNote(keys[i] - 12 * (channel % 2), 96, at, length, channel));
                if (lengths[i] >= 2)
                    for (int step = 0; step <= 20; step++)
                        controls.Add(new MidiControl(at + (long)(step / 20.0 * 2 * TicksPerSecond), 11, 50 + 77 * step / 20));
                else controls.Add(new MidiControl(at, 11, 100));
                at += length;
            }
            at += TicksPerSecond;
            yield return new MidiFile.Track($"{name}{program}", channel, program, notes) { Controls = controls };
            channel++;
        }
    }
}

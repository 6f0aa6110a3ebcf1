namespace AutoFoh.Simulation.Songs;

/// <summary>A generated song: its parts as MIDI tracks and the sections that say who plays when.</summary>
public sealed record SongSpec(string Name, string Style, int Seed, double TempoBpm, int KeyRoot, double DurationSeconds,
    IReadOnlyList<SongSection> Sections, IReadOnlyList<MidiFile.Track> Parts);

/// <summary>A stretch of the song, in seconds, and the instruments that play in it.</summary>
public sealed record SongSection(string Name, double StartSeconds, double EndSeconds, IReadOnlyList<string> Playing);

/// <summary>
/// Writes songs for a band of drums, bass, guitar (and a second guitar in choruses), keys and a lead line
/// standing in for vocals, in a style, from a seed: a chord progression in a key, sections (intro, verse,
/// chorus, bridge, outro) in which instruments enter and leave, style-specific drum grooves, bass on the
/// roots, power chords or arpeggios or funk chops on guitar, sustained or comping keys, a stepwise melody;
/// velocities and timing humanised. The same seed gives the same song.
/// </summary>
public static class SongGenerator
{
    /// <summary>The parts a song may add to the ones its style always has.</summary>
    private static readonly string[] OptionalParts = ["keys", "vocals", "guitar2"];

    public static readonly string[] Instruments = ["drums", "bass", "guitar", "guitar2", "keys", "vocals"];
    private const int Beat = MidiFile.TicksPerQuarter;

    public static SongSpec Generate(string style, int seed, double durationSeconds)
    {
        var s = SongStyle.Named(style);
        var random = new Random(seed);
        double tempo = s.MinTempoBpm + random.Next(s.MaxTempoBpm - s.MinTempoBpm + 1);
        int key = 40 + random.Next(12);                  // E2..D#3 for the bass register
        int[][] progressions = s.Minor
            ? [[0, 8, 3, 10], [0, 5, 8, 7], [0, 10, 8, 10]]   // i-VI-III-VII, i-iv-VI-v, i-VII-VI-VII
            : [[0, 7, 9, 5], [0, 5, 7, 5], [0, 9, 5, 7]];     // I-V-vi-IV, I-IV-V-IV, I-vi-IV-V
        int[] progression = progressions[random.Next(progressions.Length)];
        double barSeconds = 4 * 60 / tempo;
        int bars = Math.Max(4, (int)Math.Ceiling(durationSeconds / barSeconds));
        var plan = SectionPlan(bars, random);
        var sections = new List<SongSection>();
        var notes = Instruments.ToDictionary(i => i, _ => new List<MidiNote>());
        int bar = 0;
        foreach (var (name, length, playing) in plan)
        {
            sections.Add(new SongSection(name, bar * barSeconds, Math.Min(durationSeconds, (bar + length) * barSeconds), playing));
            for (int b = bar; b < bar + length; b++)
            {
                long start = (long)b * 4 * Beat;
                int chord = key + progression[b % progression.Length];
                bool minorChord = s.Minor ? progression[b % progression.Length] is 0 or 5 or 7 : progression[b % progression.Length] is 9 or 2 or 4;
                foreach (var instrument in playing)
                    Play(instrument, s, notes[instrument], start, chord, minorChord, key, random, name);
            }
            bar += length;
        }
        var parts = new List<MidiFile.Track>
        {
            new("drums", 9, 0, notes["drums"]),
            new("bass", 0, s.BassProgram, notes["bass"]),
            new("guitar", 1, s.GuitarProgram, notes["guitar"]),
            new("guitar2", 2, s.GuitarProgram == 30 ? 29 : 30, notes["guitar2"]),
            new("keys", 3, s.KeysProgram, notes["keys"]),
            new("vocals", 4, s.VocalsProgram, notes["vocals"]),
        };
        return new SongSpec($"{style}-{seed}", style, seed, tempo, key, durationSeconds, sections, parts);
    }

    /// <summary>Sections that fill the bars; who plays in each is partly chosen at random.</summary>
    private static List<(string Name, int Bars, string[] Playing)> SectionPlan(int bars, Random random)
    {
        var plan = new List<(string, int, string[])>();
        string[] Pick(params string[] always) => always.Concat(OptionalParts.Where(_ => random.NextDouble() < 0.35)).Distinct().ToArray();
        var cycle = new (string Name, int Bars, Func<string[]> Playing)[]
        {
            ("intro", 2, () => Pick("drums", "guitar")),
            ("verse", 4, () => Pick("drums", "bass", "guitar", "vocals")),
            ("chorus", 4, () => ["drums", "bass", "guitar", "guitar2", "keys", "vocals"]),
            ("verse", 4, () => Pick("drums", "bass", "guitar", "vocals")),
            ("chorus", 4, () => ["drums", "bass", "guitar", "guitar2", "keys", "vocals"]),
            ("bridge", 4, () => Pick("bass", "keys", "vocals")),
            ("chorus", 4, () => ["drums", "bass", "guitar", "guitar2", "keys", "vocals"]),
            ("outro", 2, () => Pick("drums", "guitar", "bass")),
        };
        int used = 0, k = 0;
        while (used < bars)
        {
            var c = cycle[k % cycle.Length];
            int length = Math.Min(c.Bars, bars - used);
            plan.Add((c.Name, length, c.Playing()));
            used += length;
            k++;
        }
        return plan;
    }

    private static void Play(string instrument, SongStyle s, List<MidiNote> notes, long bar, int chord, bool minor, int key, Random random, string section)
    {
        int third = minor ? 3 : 4;
        int Velocity(int centre) => Math.Clamp(centre + random.Next(-10, 11), 20, 127);
        long Jitter(long tick) => Math.Max(0, tick + random.Next(-6, 7));
        void Note(int k, int velocity, long start, long length, int channel) => notes.Add(new MidiNote(Math.Clamp(k, 0, 127), Velocity(velocity), Jitter(start), length, channel));
        switch (instrument)
        {
            case "drums":
                DrumBar(s.Groove, bar, random, Note, section);
                break;
            case "bass":
                int root = chord - 12 < 28 ? chord : chord - 12;
                if (s.Groove == "funk")
                    foreach (int step in new[] { 0, 3, 6, 8, 10, 14 }) Note(root + (step == 10 ? 12 : 0), 100, bar + step * Beat / 4, Beat / 4, 0);
                else if (s.Groove == "halftime")
                    for (int q = 0; q < 4; q += 2) Note(root, 85, bar + q * Beat, 2 * Beat - 20, 0);
                else
                    for (int e = 0; e < 8; e++) Note(root + (e == 7 && random.NextDouble() < 0.3 ? 7 : 0), s.Groove == "punk" ? 110 : 95, bar + e * Beat / 2, Beat / 2 - 20, 0);
                break;
            case "guitar" or "guitar2":
                int channel = instrument == "guitar" ? 1 : 2;
                int g = chord + 12 + (instrument == "guitar2" ? 12 : 0);
                if (s.GuitarPart == "power")
                    for (int e = 0; e < 8; e++) foreach (int interval in new[] { 0, 7, 12 }) Note(g + interval, 100, bar + e * Beat / 2, Beat / 2 - 30, channel);
                else if (s.GuitarPart == "chop")
                    foreach (int step in new[] { 2, 6, 10, 14 }) foreach (int interval in new[] { 12, 12 + third, 19 }) Note(g + interval, 90, bar + step * Beat / 4, Beat / 8, channel);
                else
                {
                    int[] arpeggio = [0, 7, 12, 12 + third, 19, 12 + third, 12, 7];
                    for (int e = 0; e < 8; e++) Note(g + arpeggio[e], 80, bar + e * Beat / 2, Beat, channel);
                }
                break;
            case "keys":
                int k0 = chord + 24;
                if (s.KeysProgram is 0 or 4)
                    for (int q = 0; q < 4; q++) foreach (int interval in new[] { 0, third, 7 }) Note(k0 + interval, 70, bar + q * Beat, Beat - 40, 3);
                else
                    foreach (int interval in new[] { 0, third, 7, 12 }) Note(k0 + interval, 75, bar, 4 * Beat - 20, 3);
                break;
            case "vocals":
                int[] scale = minor ? [0, 2, 3, 5, 7, 8, 10] : [0, 2, 4, 5, 7, 9, 11];
                int degree = random.Next(7);
                long t = bar;
                while (t < bar + 4 * Beat)
                {
                    long length = new[] { Beat / 2, Beat, Beat, 2 * Beat }[random.Next(4)];
                    length = Math.Min(length, bar + 4 * Beat - t);
                    if (random.NextDouble() < 0.8)
                    {
                        int octave = degree / 7, within = ((degree % 7) + 7) % 7;
                        Note(key + 36 + 12 * octave + scale[within], 90, t, length - 15, 4);
                    }
                    degree = Math.Clamp(degree + random.Next(-2, 3), 0, 11);
                    t += length;
                }
                break;
        }
    }

    private const int Kick = 36, Snare = 38, ClosedHat = 42, OpenHat = 46, Crash = 49, Ride = 51;

    private static void DrumBar(string groove, long bar, Random random, Action<int, int, long, long, int> note, string section)
    {
        void Hit(int key, int velocity, int sixteenth) => note(key, velocity, bar + sixteenth * Beat / 4, Beat / 4, 9);
        if (section is "chorus" && bar % (16 * Beat) == 0) Hit(Crash, 110, 0);
        switch (groove)
        {
            case "punk":
                for (int e = 0; e < 16; e += 2) { Hit(ClosedHat, 90, e); Hit(e % 4 == 0 ? Kick : Snare, 110, e); }
                break;
            case "halftime":
                for (int e = 0; e < 16; e += 2) Hit(Ride, 60, e);
                Hit(Kick, 90, 0); Hit(Kick, 70, 6); Hit(Snare, 95, 8);
                break;
            case "funk":
                for (int e = 0; e < 16; e++) Hit(ClosedHat, e % 2 == 0 ? 80 : 55, e);
                foreach (int e in new[] { 0, 3, 7, 10 }) Hit(Kick, 100, e);
                Hit(Snare, 105, 4); Hit(Snare, 105, 12); Hit(Snare, 45, 14);
                break;
            case "four":
                for (int e = 0; e < 16; e += 2) Hit(e % 4 == 2 ? OpenHat : ClosedHat, 75, e);
                for (int e = 0; e < 16; e += 4) Hit(Kick, 100, e);
                Hit(Snare, 95, 4); Hit(Snare, 95, 12);
                break;
            default:
                for (int e = 0; e < 16; e += 2) Hit(ClosedHat, 80, e);
                Hit(Kick, 105, 0); Hit(Kick, 95, 8); if (random.NextDouble() < 0.5) Hit(Kick, 85, 10);
                Hit(Snare, 105, 4); Hit(Snare, 105, 12);
                break;
        }
    }
}

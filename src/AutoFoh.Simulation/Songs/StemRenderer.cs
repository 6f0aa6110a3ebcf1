using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using AutoFoh.Audio;

namespace AutoFoh.Simulation.Songs;

/// <summary>
/// Renders a <see cref="SongSpec"/> into a stems folder (DESIGN.md: one file per instrument, named after
/// it) with FluidSynth and the FluidR3 General MIDI soundfont: one MIDI file per part, rendered dry
/// (reverb and chorus off, so the room is added by the simulation, not baked in), trimmed or padded to the
/// song's length, written as 16-bit mono WAV, plus song.json with the sections. Rendering goes to a
/// temporary folder that is renamed when complete; a folder with a song.json is already rendered.
/// </summary>
public static class StemRenderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    public const string DefaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    public static bool IsRendered(string folder) => File.Exists(Path.Combine(folder, "song.json"));

    public static void Render(SongSpec spec, string folder, int sampleRateHz = 44100, string soundFont = DefaultSoundFont)
    {
        if (IsRendered(folder)) return;
        if (!File.Exists(soundFont)) throw new FileNotFoundException($"{soundFont}: soundfont not found (install fluid-soundfont-gm)");
        string temp = folder.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(temp);
        try
        {
            int frames = (int)Math.Round(spec.DurationSeconds * sampleRateHz);
            var rendered = new List<string>();
            foreach (var part in spec.Parts.Where(p => p.Notes.Count > 0))
            {
                string midi = Path.Combine(temp, part.Name + ".mid");
                File.WriteAllBytes(midi, MidiFile.Write(spec.TempoBpm, [part]));
                string raw = Path.Combine(temp, part.Name + ".render.wav");
                RunFluidSynth(soundFont, midi, raw, sampleRateHz);
                var audio = AudioFile.ReadAll(raw);
                var mono = audio.Mono();
                var stem = new float[frames];
                Array.Copy(mono, stem, Math.Min(frames, mono.Length));
                AudioFile.Write(Path.Combine(temp, part.Name + ".wav"), new AudioBuffer(sampleRateHz, [stem]), WavSampleFormat.Pcm16);
                File.Delete(raw);
                File.Delete(midi);
                rendered.Add(part.Name);
            }
            var description = new
            {
                name = spec.Name,
                style = spec.Style,
                seed = spec.Seed,
                tempo_bpm = spec.TempoBpm,
                key_root_midi = spec.KeyRoot,
                duration_s = spec.DurationSeconds,
                sample_rate = sampleRateHz,
                instruments = rendered,
                sections = spec.Sections.Select(s => new { name = s.Name, start_s = Math.Round(s.StartSeconds, 3), end_s = Math.Round(s.EndSeconds, 3), playing = s.Playing }),
            };
            File.WriteAllText(Path.Combine(temp, "song.json"), JsonSerializer.Serialize(description, Indented));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(folder))!);
            Directory.Move(temp, folder);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Renders a MIDI file to a WAV file with fluidsynth (the soundfont's own reverb and chorus off).</summary>
    public static void RenderMidi(string midi, string wav, int sampleRateHz = 44100, string soundFont = DefaultSoundFont)
    {
        if (!File.Exists(soundFont)) throw new FileNotFoundException($"{soundFont}: soundfont not found (install fluid-soundfont-gm)");
        RunFluidSynth(soundFont, midi, wav, sampleRateHz);
    }

    private static void RunFluidSynth(string soundFont, string midi, string wav, int sampleRateHz)
    {
        var start = new ProcessStartInfo("fluidsynth") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-ni", "-q", "-g", "0.5", "-R", "0", "-C", "0", "-r", sampleRateHz.ToString(System.Globalization.CultureInfo.InvariantCulture), "-F", wav, soundFont, midi })
            start.ArgumentList.Add(arg);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception) { throw new FileNotFoundException("fluidsynth is not on PATH (install fluidsynth) to render songs"); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(wav)) throw new InvalidOperationException($"fluidsynth failed on {Path.GetFileName(midi)}: {stderr.Split('\n')[0]}");
        }
    }
}

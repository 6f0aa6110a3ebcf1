using AutoFoh.Audio;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Tests.Separation;

/// <summary>
/// The demucs adapter's contract with the command line: its arguments and its output layout. demucs is
/// not installable here, so a stand-in script with demucs's documented layout plays its part; the real
/// one, when installed, runs through the same code.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class DemucsSeparatorTests
{
    [Fact]
    public void The_stems_demucs_writes_are_found_where_its_layout_puts_them()
    {
        string dir = Directory.CreateTempSubdirectory("autofoh-demucs").FullName;
        try
        {
            string mix = Path.Combine(dir, "song one.wav");
            AudioFile.Write(mix, new AudioBuffer(16000, [Signals.Sine(220, 0.3, 16000, 16000)]));
            string script = Path.Combine(dir, "demucs");
            // demucs -n MODEL -o OUT MIX  →  OUT/MODEL/<mix name>/{drums,bass,other,vocals}.wav
            File.WriteAllText(script, "#!/bin/sh\nmkdir -p \"$4/$2/$(basename \"$5\" .wav)\"\nfor s in drums bass other vocals; do cp \"$5\" \"$4/$2/$(basename \"$5\" .wav)/$s.wav\"; done\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string stems = DemucsSeparator.Separate(mix, Path.Combine(dir, "out"), executable: script);
            Assert.Equal(Path.Combine(dir, "out", DemucsSeparator.DefaultModel, "song one"), stems);
            var set = StemLoader.Load(stems);
            Assert.Equal(["bass", "drums", "other", "vocals"], set.Instruments);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_failing_demucs_is_reported_with_its_last_line()
    {
        string dir = Directory.CreateTempSubdirectory("autofoh-demucs").FullName;
        try
        {
            string mix = Path.Combine(dir, "mix.wav");
            AudioFile.Write(mix, new AudioBuffer(16000, [new float[1600]]));
            string script = Path.Combine(dir, "demucs");
            File.WriteAllText(script, "#!/bin/sh\necho 'loading model' >&2\necho 'RuntimeError: out of memory' >&2\nexit 3\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var error = Assert.Throws<InvalidOperationException>(() => DemucsSeparator.Separate(mix, Path.Combine(dir, "out"), executable: script));
            Assert.Contains("exit 3", error.Message);
            Assert.Contains("out of memory", error.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}

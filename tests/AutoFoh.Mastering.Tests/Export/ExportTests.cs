using AutoFoh.Dsp.Effects;
using AutoFoh.Mastering.Export;
using AutoFoh.Mastering.Parameters;

namespace AutoFoh.Mastering.Tests.Export;

public class ExportTests
{
    private static ParameterDocument Document(string folder)
    {
        var strip = StripParameters.Neutral("guitar") with { GainDb = -6.0206, Pan = -0.5, HighPassHz = 80,
            Compressor = new CompressorSettings(-20, 4, 6, 5, 120, 2) };
        var quote = StripParameters.Neutral("it's \"loud\"");
        return new ParameterDocument(ParameterDocument.CurrentFormatVersion, "rock_punk", 44100, Path.Combine(folder, "mix.wav"),
            [new ExportedStem("guitar", Path.Combine(folder, "guitar.wav"), 2, 44100, 12.5, strip), new ExportedStem("it's \"loud\"", Path.Combine(folder, "v.flac"), 1, 48000, 12.5, quote)],
            ReverbSettings.Default, MasterParameters.Neutral with { Width = 1.3, Eq = new TiltEqSettings(3.5) },
            new MixMeasurement(-9.5, 2800, 0.6, -1), new MixMeasurement(-9.45, 2790, 0.61, -1.2, 0.3, 0.5, 0.2), "mix-predictor.safetensors");
    }

    [Fact]
    public void Parameter_file_round_trips_every_parameter_with_snake_case_names()
    {
        using var folder = new TempFolder();
        var document = Document(folder.Path);
        string path = folder.File("params.json");
        ParameterFile.Write(path, document);
        string text = File.ReadAllText(path);
        Assert.Contains("\"high_pass_hz\": 80", text);
        Assert.Contains("\"reverb_send_db\": null", text);   // off (−∞) travels as null
        Assert.Contains("\"type\": \"low_shelf\"", text);
        Assert.Contains("\"integrated_lufs\": -9.45", text);
        var back = ParameterFile.Read(path);
        Assert.Equal(document.Stems.Count, back.Stems.Count);
        Assert.Equal(document.Stems[0].Strip.Compressor, back.Stems[0].Strip.Compressor);
        Assert.Equal(document.Stems[0].Strip.Eq, back.Stems[0].Strip.Eq);
        Assert.Equal(double.NegativeInfinity, back.Stems[1].Strip.ReverbSendDb);
        Assert.Equal(document.Master, back.Master);
        Assert.Equal(document.Reverb, back.Reverb);
        Assert.Equal(document.Measured, back.Measured);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_damaged_parameter_file_is_one_line_naming_it()
    {
        using var folder = new TempFolder();
        string path = folder.File("p.json");
        File.WriteAllText(path, "{\"format_version\": 1, \"style\": 5");
        var error = Assert.Throws<FormatException>(() => ParameterFile.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Reaper_project_has_a_track_per_stem_at_its_gain_and_pan_with_its_file()
    {
        using var folder = new TempFolder();
        var document = Document(folder.Path);
        string rpp = ReaperProject.Build(document.Stems, 44100, "params.json", "rock_punk");
        Assert.StartsWith("<REAPER_PROJECT", rpp);
        Assert.Equal(2, rpp.Split("\n  <TRACK").Length - 1);
        Assert.Contains("NAME \"guitar\"", rpp);
        Assert.Contains("VOLPAN 0.5 -0.5 -1 -1 1", rpp);        // −6.02 dB is half the amplitude
        Assert.Contains($"FILE \"{Path.Combine(folder.Path, "guitar.wav")}\"", rpp);
        Assert.Contains("<SOURCE FLAC", rpp);
        Assert.Contains("NAME `it's \"loud\"`", rpp);         // REAPER's quoting when a name holds both quotes
        Assert.Contains("LENGTH 12.5", rpp);
        Assert.Contains("params.json", rpp);
        // Every block that opens is closed.
        Assert.Equal(rpp.Split('\n').Count(l => l.TrimStart().StartsWith('<')), rpp.Split('\n').Count(l => l.Trim() == ">"));
    }
}

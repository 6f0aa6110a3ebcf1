namespace AutoFoh.Cli.Tests;

/// <summary>A rendered rock song (FluidSynth, 60 s) and its reference model, made once per test class.</summary>
public sealed class RockSong : IDisposable
{
    public RockSong()
    {
        var render = CliRunner.Run("songs", "render", "--count", "1", "--seconds", "60", "--seed", "1", "--out", Dir.Path);
        Assert.True(render.ExitCode == 0, render.Stderr);
        Stems = Directory.GetDirectories(Dir.Path).Single();
        var build = CliRunner.Run("reference", "build", "--stems", Stems, "--out", Model);
        Assert.True(build.ExitCode == 0, build.Stderr);
    }

    public TempFolder Dir { get; } = new();
    public string Stems { get; }
    public string Model => Dir.File("rock.safetensors");
    public void Dispose() => Dir.Dispose();
}

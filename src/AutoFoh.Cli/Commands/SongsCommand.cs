using System.CommandLine;
using AutoFoh.Cli.Output;
using AutoFoh.Simulation.Songs;

namespace AutoFoh.Cli.Commands;

/// <summary>`autofoh songs render`: a reproducible set of multitrack songs (MIDI written here, rendered by FluidSynth).</summary>
public static class SongsCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "How many songs (styles rock, metal, punk, ballad, pop, funk in turn)", DefaultValueFactory = _ => 6 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each song", DefaultValueFactory = _ => 90 };
        var seed = new Option<int>("--seed") { Description = "Song k uses seed + k", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Cache folder (each song a stems folder in it)", DefaultValueFactory = _ => ".cache/rendered" };
        var render = new Command("render", "Write and render multitrack songs into stems folders (cached)") { count, seconds, seed, output };
        render.SetAction(parse =>
        {
            string root = parse.GetValue(output)!;
            var folders = StderrConsole.WithProgress("rendering songs", progress =>
                RenderedSongCatalog.Ensure(root, parse.GetValue(count), parse.GetValue(seed), parse.GetValue(seconds), progress));
            foreach (var folder in folders) Console.Out.WriteLine(folder);
            return ExitCodes.Ok;
        });
        return new Command("songs", "Rendered multitrack songs for training and evaluation") { render };
    }
}

using System.Xml.Linq;

namespace AutoFoh.Architecture.Tests;

/// <summary>
/// The project graph as the .csproj files declare it: the product never loads the lab or the room
/// simulator, and libraries never reference the shells.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string[] Runtime =
        ["AutoFoh.Audio", "AutoFoh.Dsp", "AutoFoh.Neural", "AutoFoh.Soundcheck", "AutoFoh.LiveMix", "AutoFoh.Realtime", "AutoFoh.Mastering", "AutoFoh.Web"];

    private static readonly string[] Libraries =
        ["AutoFoh.Audio", "AutoFoh.Dsp", "AutoFoh.Neural", "AutoFoh.Simulation", "AutoFoh.Soundcheck", "AutoFoh.LiveMix", "AutoFoh.Realtime", "AutoFoh.Mastering", "AutoFoh.Lab"];

    [Fact]
    public void Every_project_under_src_is_known_to_this_test()
    {
        var known = Runtime.Concat(Libraries).Append("AutoFoh.Cli").ToHashSet();
        var found = Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "src")).Select(d => Path.GetFileName(d)!).ToList();
        Assert.All(found, name => Assert.Contains(name, known));
    }

    [Theory]
    [MemberData(nameof(RuntimeProjects))]
    public void A_runtime_project_never_reaches_the_simulator_or_the_lab(string project)
    {
        var reached = Closure(project);
        Assert.DoesNotContain("AutoFoh.Simulation", reached);
        Assert.DoesNotContain("AutoFoh.Lab", reached);
    }

    [Theory]
    [MemberData(nameof(LibraryProjects))]
    public void A_library_never_references_the_shells(string project)
    {
        var reached = Closure(project);
        Assert.DoesNotContain("AutoFoh.Web", reached);
        Assert.DoesNotContain("AutoFoh.Cli", reached);
    }

    [Fact]
    public void The_closure_follows_references_through_other_projects()
    {
        // The check above would pass vacuously if references were not read: the CLI does reach both.
        var cli = Closure("AutoFoh.Cli");
        Assert.Contains("AutoFoh.Lab", cli);
        Assert.Contains("AutoFoh.Simulation", cli);
        Assert.Contains("AutoFoh.Audio", Closure("AutoFoh.Web"));
    }

    public static TheoryData<string> RuntimeProjects() => new(Runtime);
    public static TheoryData<string> LibraryProjects() => new(Libraries);

    /// <summary>Every project <paramref name="project"/> references, directly or through others.</summary>
    private static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(References(CsprojOf(project)));
        while (pending.TryPop(out var path))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!seen.Add(name)) continue;
            foreach (var next in References(path)) pending.Push(next);
        }
        return seen;
    }

    private static string CsprojOf(string project) => Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj");

    private static List<string> References(string csproj)
    {
        Assert.True(File.Exists(csproj), $"{csproj}: missing");
        string folder = Path.GetDirectoryName(csproj)!;
        return XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(folder, r.Attribute("Include")!.Value.Replace('\\', '/'))))
            .ToList();
    }
}

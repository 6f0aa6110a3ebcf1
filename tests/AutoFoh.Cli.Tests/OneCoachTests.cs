namespace AutoFoh.Cli.Tests;

/// <summary>
/// The CLI's soundcheck, the web app and the gym run the same coach: read from the IL of the assemblies the
/// built `autofoh` runs, each reaches it through the soundcheck service, only the service makes a
/// LiveCoach, and only LiveCoach follows the song.
/// </summary>
public class OneCoachTests
{
    private const string Service = "AutoFoh.Soundcheck.Coaching.SoundcheckService", ServiceInterface = "AutoFoh.Soundcheck.Coaching.ISoundcheckService";
    private const string Coach = "AutoFoh.Soundcheck.LineCheck.LiveCoach";

    private static readonly Lazy<string[]> Assemblies = new(() =>
    {
        string folder = Path.GetDirectoryName(CliRunner.AssemblyPath)!;
        return Directory.GetFiles(folder, "AutoFoh.*.dll").Append(CliRunner.AssemblyPath).ToArray();
    });

    private static HashSet<string> Callers(string type, string method) =>
        Assemblies.Value.SelectMany(a => IlCalls.TypesCalling(a, type, method)).ToHashSet();

    [Fact]
    public void Every_assembly_of_the_product_is_read()
    {
        var names = Assemblies.Value.Select(Path.GetFileNameWithoutExtension).ToList();
        foreach (var name in new[] { "autofoh", "AutoFoh.Soundcheck", "AutoFoh.Web", "AutoFoh.Lab" }) Assert.Contains(name, names);
    }

    [Fact]
    public void Only_the_live_coach_follows_the_song_and_only_the_service_makes_one()
    {
        Assert.Equal([Coach], Callers("AutoFoh.Soundcheck.Reference.ReferencePassages", "Locate"));
        Assert.Equal([Service], Callers(Coach, ".ctor"));
    }

    [Fact]
    public void The_cli_the_web_app_and_the_gym_take_their_coach_from_the_service()
    {
        var starts = Callers(Service, "Start");
        Assert.Contains("AutoFoh.Cli.Commands.RoomSoundcheck", starts);
        Assert.Contains("AutoFoh.Web.SoundcheckSession", starts);
        Assert.Contains("AutoFoh.Lab.Gym.RoomSoundcheckEnvironment", Callers(ServiceInterface, "Coach"));
        Assert.Contains("AutoFoh.Cli.Commands.SoundcheckCommand", Callers(Service, "AdviseFromStems"));
        // And none of them drives a coach of its own making past the service's run.
        Assert.DoesNotContain("AutoFoh.Cli.Commands.RoomSoundcheck", Callers(Coach, "Advise"));
        Assert.DoesNotContain("AutoFoh.Web.SoundcheckSession", Callers(Coach, "Advise"));
    }
}

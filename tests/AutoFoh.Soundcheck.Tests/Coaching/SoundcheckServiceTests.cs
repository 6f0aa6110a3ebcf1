using AutoFoh.Audio.Serialization;
using System.Reflection;
using AutoFoh.Lab.Gym;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.Coaching;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Tests.Gym;

namespace AutoFoh.Soundcheck.Tests.Coaching;

/// <summary>
/// One coach: the CLI, the web app and the gym all get theirs from the soundcheck service, and the song
/// follower is written once, in <see cref="LiveCoach"/>.
/// </summary>
public class SoundcheckServiceTests
{
    private const int Rate = 16000;
    private static readonly Lazy<StemSet> Song = new(() => SyntheticSong.Make(60, Rate, seed: 3));
    private static readonly Lazy<ReferenceModel> Model = new(() => SoundcheckService.Default.BuildReference(Song.Value));

    /// <summary>The line check: every instrument alone at 12 s, the guitar 9 dB too loud.</summary>
    private static LineCheckTakes LineCheck()
    {
        var song = Song.Value;
        int g = song.IndexOf("guitar");
        return new LineCheckTakes(song.Instruments, song.Samples.Select((s, i) => s.AsSpan(12 * Rate, 10 * Rate).ToArray().Select(v => i == g ? v * 2.818f : v).ToArray()).ToArray(), Rate);
    }

    /// <summary>The band from 30 s for 12 s, as the room microphone hears it.</summary>
    private static float[] Microphone()
    {
        var song = Song.Value;
        var mic = new float[12 * Rate];
        foreach (var stem in song.Samples)
            for (int k = 0; k < mic.Length; k++) mic[k] += stem[30 * Rate + k];
        return mic;
    }

    [Fact]
    public void A_live_coach_can_only_be_made_by_the_service()
    {
        Assert.Empty(typeof(LiveCoach).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.IsType<LiveCoach>(SoundcheckService.Default.Coach(Model.Value, LineCheck()));
        Assert.Same(typeof(LiveCoach), typeof(ISoundcheckService).GetMethod(nameof(ISoundcheckService.Coach))!.ReturnType);
        Assert.Same(typeof(LiveCoach), typeof(SoundcheckRun).GetProperty(nameof(SoundcheckRun.Coach))!.PropertyType);
    }

    [Fact]
    public void The_song_follower_exists_once_in_the_live_coach()
    {
        string[] assemblies = [typeof(LiveCoach).Assembly.Location, typeof(RoomSoundcheckEnvironment).Assembly.Location];
        HashSet<string> Callers(string type, string method) => assemblies.SelectMany(a => IlCalls.TypesCalling(a, type, method)).ToHashSet();
        // Placing the microphone in the song is the follower: only the live coach does it.
        Assert.Equal([typeof(LiveCoach).FullName!], Callers(typeof(ReferencePassages).FullName!, nameof(ReferencePassages.Locate)));
        Assert.Equal([typeof(SoundcheckService).FullName!], Callers(typeof(LiveCoach).FullName!, ".ctor"));
        // The gym asks the service for its coach and hears through it.
        Assert.Contains(typeof(RoomSoundcheckEnvironment).FullName!, Callers(typeof(ISoundcheckService).FullName!, nameof(ISoundcheckService.Coach)));
        Assert.Contains(typeof(RoomSoundcheckEnvironment).FullName!, Callers(typeof(LiveCoach).FullName!, nameof(LiveCoach.Listen)));
    }

    [Fact]
    public void The_gym_hears_the_band_through_the_coach_the_service_makes()
    {
        var stems = SyntheticSong.Make(90);
        var song = GymSong.Prepare(stems, "guitar");
        var service = new RecordingService();
        foreach (var listening in new[] { RoomListening.Coach, RoomListening.Tracking })
        {
            var environment = new RoomSoundcheckEnvironment(song, stems, new GymOptions { InitialOffsetRangeDb = 30, Steps = 2 },
                new RoomConditionOptions { Listening = listening, SeparatorName = "coach", Service = service });
            GymRunner.RunEpisode(environment, new MagnitudePolicy(), 0, new Random(9), new Random(1));
            Assert.NotNull(environment.Coach);
            Assert.Same(service.Coaches[^1], environment.Coach);
        }
        Assert.Equal(2, service.Coaches.Count);
        Assert.Equal(2, service.References);
    }

    [Fact]
    public void A_run_fed_blocks_of_any_size_advises_as_the_coach_fed_whole_seconds()
    {
        var mic = Microphone();
        // The coach fed one window at a time, labelled with the end of the window.
        var coach = SoundcheckService.Default.Coach(Model.Value, LineCheck());
        var expected = coach.SoloAdvice().ToList();
        for (int start = 0; start + coach.WindowSamples <= mic.Length; start += coach.WindowSamples)
            expected.AddRange(coach.Advise(mic.AsSpan(start, coach.WindowSamples), (start + coach.WindowSamples) / (double)Rate));
        foreach (int block in new[] { 4096, 1000, mic.Length })
        {
            var run = SoundcheckService.Default.Start(Model.Value, LineCheck(), balance: true);
            var advice = run.SoloAdvice().ToList();
            var seconds = new List<CoachedSecond>();
            for (int start = 0; start < mic.Length; start += block) seconds.AddRange(run.Listen(mic.AsSpan(start, Math.Min(block, mic.Length - start))));
            advice.AddRange(seconds.SelectMany(s => s.Advice));
            Assert.Equal(expected, advice);
            Assert.Equal(Enumerable.Range(1, 12).Select(k => (long)k), seconds.Select(s => s.Window));
            Assert.All(seconds, s => Assert.Equal(24 * run.Instruments.Count, s.Heard!.Length));
        }
        // The guitar played 9 dB too loud at the line check is told so before the band plays.
        var guitar = expected.First(a => a.Instrument == "guitar");
        Assert.Equal(AdviceSource.Solo, guitar.Source);
        Assert.Equal(AdviceAction.Down, guitar.Action);
    }

    [Fact]
    public void Soundcheck_lines_carry_the_contract_s_names_and_words()
    {
        var room = SoundcheckLine.From(new CoachAdvice(3, "guitar", AdviceAction.Down, -12.5, AdviceSource.Live, AdviceFlag.NotHeard));
        Assert.Equal("""{"t_s":3,"instrument":"guitar","advice":"down","offset_db":-12.5,"source":"live","flag":"not_heard"}""", SnakeCaseJson.Serialize(room));
        var stems = SoundcheckLine.From(new InstrumentAdvice(1.5, "bass", AdviceAction.Stay, 0, 0.2, true));
        Assert.Equal("""{"t_s":1.5,"instrument":"bass","advice":"stay","offset_db":0}""", SnakeCaseJson.Serialize(stems));
        Assert.Equal(["ok", "recheck", "not_heard"], Enum.GetValues<AdviceFlag>().Select(f => f.Word()));
        Assert.Equal(["solo", "live"], Enum.GetValues<AdviceSource>().Select(s => s.Word()));
        foreach (var flag in Enum.GetValues<AdviceFlag>()) Assert.Equal($"\"{flag.Word()}\"", SnakeCaseJson.Serialize(flag));
        foreach (var action in Enum.GetValues<AdviceAction>()) Assert.Equal($"\"{action.Word()}\"", SnakeCaseJson.Serialize(action));
    }

    private sealed class RecordingService : ISoundcheckService
    {
        public List<LiveCoach> Coaches { get; } = [];
        public int References { get; private set; }

        public ReferenceModel BuildReference(StemSet stems)
        {
            References++;
            return SoundcheckService.Default.BuildReference(stems);
        }

        public LiveCoach Coach(ReferenceModel reference, LineCheckTakes lineCheck, CoachOptions? options = null)
        {
            var coach = SoundcheckService.Default.Coach(reference, lineCheck, options);
            Coaches.Add(coach);
            return coach;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using AutoFoh.Audio;
using AutoFoh.Soundcheck.Advice;
using AutoFoh.Soundcheck.LineCheck;
using AutoFoh.Soundcheck.Reference;
using AutoFoh.Soundcheck.Separation;

namespace AutoFoh.Soundcheck.Coaching;

/// <summary>
/// The soundcheck as one application service, for the CLI, the web app and the gym: it builds or loads the
/// reference (and decides its predictor, and which separator splits a reference mix), takes the line
/// check, makes the one <see cref="LiveCoach"/> and runs it on microphone audio of any block size
/// (<see cref="SoundcheckRun"/>), or advises from live stems. The shells only read inputs and show what
/// it says.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "a service: the shells and the gym hold an instance, so a test can hand them another")]
public sealed class SoundcheckService : ISoundcheckService
{
    /// <summary>The predictor of a reference built while the band waits: the conditional-mean table.</summary>
    public const string SoundcheckPredictor = "table";

    /// <summary>The separator of a reference given as one mix.</summary>
    public const string MixSeparator = "demucs";

    /// <summary>The file name (without extension) of an upload that is a reference mix, not a stem.</summary>
    public const string MixName = "mix";

    public static SoundcheckService Default { get; } = new();

    public ReferenceModel LoadReference(string path) => ReferenceModel.Load(path);

    public ReferenceModel BuildReference(StemSet stems) => ReferenceModel.Build(stems, predictor: SoundcheckPredictor);

    /// <summary>A reference built offline (`reference build`): the predictor with the lower held-out error unless <paramref name="predictor"/> forces one.</summary>
    public ReferenceModel BuildReference(StemSet stems, int seed, string? predictor) => ReferenceModel.Build(stems, seed: seed, predictor: predictor);

    /// <summary>Whether uploaded files are a reference mix to separate (one file named mix.*) rather than stems.</summary>
    public static bool IsMix(IReadOnlyList<string> files) =>
        files.Count == 1 && Path.GetFileNameWithoutExtension(files[0]).Equals(MixName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a reference mix can be separated here (demucs is installed).</summary>
    public bool CanSeparateMix => DemucsSeparator.Find() is not null;

    /// <summary>Separates a reference mix into a stems folder under <paramref name="outputFolder"/> and returns it; throws when demucs is not installed or fails.</summary>
    public string SeparateMix(string mix, string outputFolder) => DemucsSeparator.Separate(mix, outputFolder);

    /// <summary>The usable takes of a line-check folder (a take that cannot be used is reported through <paramref name="warn"/> and left out).</summary>
    public LineCheckTakes LoadLineCheck(string folder, ReferenceModel reference, Action<string> warn) =>
        LineCheckFolder.Load(folder, reference.Instruments, reference.SampleRateHz, warn);

    /// <summary>A room recording as mono samples at the reference's rate (resampled, with a warning, when it is not).</summary>
    public float[] ReadRecording(string path, ReferenceModel reference, Action<string> warn)
    {
        var buffer = AudioFile.ReadAll(path);
        if (buffer.SampleRateHz != reference.SampleRateHz)
        {
            warn($"{path} is at {buffer.SampleRateHz} Hz, the line check at {reference.SampleRateHz} Hz; the microphone is resampled");
            buffer = Resampler.Resample(buffer, reference.SampleRateHz);
        }
        return buffer.Mono();
    }

    public LiveCoach Coach(ReferenceModel reference, LineCheckTakes lineCheck, CoachOptions? options = null) => new(reference, lineCheck, options);

    /// <summary>
    /// A soundcheck from a room microphone: the coach of <paramref name="lineCheck"/>, ready for the
    /// microphone. With <paramref name="balance"/>, every second also carries the balance heard and the ideal
    /// (the engineer's heatmaps).
    /// </summary>
    public SoundcheckRun Start(ReferenceModel reference, LineCheckTakes lineCheck, bool balance = false) => new(Coach(reference, lineCheck), balance);

    /// <summary>A soundcheck from live stems (no line check, no room): every second, every instrument of the reference.</summary>
    public IEnumerable<InstrumentAdvice> AdviseFromStems(ReferenceModel reference, StemSet liveStems) => new StemSoundcheck(reference).Run(liveStems);
}

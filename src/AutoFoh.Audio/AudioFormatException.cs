namespace AutoFoh.Audio;

/// <summary>
/// A file that cannot be read as audio. The message is one line: "PATH: what is wrong".
/// </summary>
public sealed class AudioFormatException : Exception
{
    public AudioFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file (or stream name) at fault.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}

namespace AutoFoh.Mastering.Export;

/// <summary>Writes a file through a temp file in the same folder and a rename: a reader never sees it half-written.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) throw new DirectoryNotFoundException($"{path}: folder {folder} does not exist");
        string temp = Path.Combine(folder ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

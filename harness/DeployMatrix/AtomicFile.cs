namespace DeployMatrix;

/// <summary>
/// Writes a file so that a reader (a CI step, the next run, a reviewer) sees the old content or the new one, never a
/// part of it, however the writer ends: the new content goes to a hidden temporary file beside it, which is then
/// renamed over it.
/// </summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents) => Write(path, temporary => File.WriteAllText(temporary, contents));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary => File.WriteAllBytes(temporary, bytes));

    private static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

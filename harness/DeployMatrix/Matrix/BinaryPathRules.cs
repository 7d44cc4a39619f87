using DeployMatrix.Elf;

namespace DeployMatrix.Matrix;

/// <summary>
/// What makes a path name a binary to read: a regular file that is there and can be read. Each rule names what the
/// path is instead, since "does not exist" is wrong for a directory, a link to nothing, a device, a FIFO, a file of
/// /proc or a file the user may not read.
/// </summary>
internal static class BinaryPathRules
{
    /// <summary>Why <paramref name="path"/> is not a readable file; null when it is one.</summary>
    public static string? Check(string path)
    {
        if (Directory.Exists(path))
        {
            return $"'{path}' is a directory; name the binary in it";
        }

        // A link counts as existing whether or not what it names does.
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            return $"'{path}' is a link to nothing ({Path.GetFullPath(target, info.DirectoryName!)})";
        }

        if (!info.Exists)
        {
            return $"'{path}' does not exist (build it first)";
        }

        if (InputFile.Problem(path, "a binary", ElfFile.LargestFile) is { } problem)
        {
            return $"'{path}' {problem}";
        }

        try
        {
            using var stream = info.OpenRead();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{path}' cannot be read: {(e is UnauthorizedAccessException ? "Permission denied" : e.Message)}";
        }
    }

    /// <summary>The interpreter a <c>#!</c> script names in its first line; null for any other file.</summary>
    public static string? Script(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine();
        return first is ['#', '!', .. var rest] ? rest.Trim().Split(' ')[0] : null;
    }
}

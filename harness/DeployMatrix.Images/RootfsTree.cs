namespace DeployMatrix.Images;

/// <summary>Edits of a root file system under construction. Paths are relative to its top.</summary>
internal static class RootfsTree
{
    /// <summary>Deletes what is in a directory, keeping the directory. Symbolic links are removed, not followed.</summary>
    public static void Empty(string rootfs, string directory)
    {
        var path = Path.Combine(rootfs, directory);
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo { LinkTarget: null } subdirectory)
            {
                subdirectory.Delete(recursive: true);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }
    }

    public static void DeleteFiles(string rootfs, string directory, string pattern)
    {
        var path = Path.Combine(rootfs, directory);
        foreach (var file in Directory.Exists(path) ? Directory.GetFiles(path, pattern) : [])
        {
            File.Delete(file);
        }
    }

    public static void Delete(string rootfs, string relativePath)
    {
        var path = Path.Combine(rootfs, relativePath);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    /// <param name="rootfs">The root file system.</param>
    /// <param name="directory">The directory, relative to its top.</param>
    /// <param name="mode">Octal, as chmod takes it: <c>1777</c>.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static Task CreateDirectoryAsync(string rootfs, string directory, string mode, CancellationToken cancellationToken) =>
        CreateDirectoryAsync(rootfs, directory, mode, owner: 0, cancellationToken);

    /// <param name="rootfs">The root file system.</param>
    /// <param name="directory">The directory, relative to its top.</param>
    /// <param name="mode">Octal, as chmod takes it: <c>1777</c>.</param>
    /// <param name="owner">The user and group id that own it, in the image.</param>
    /// <param name="cancellationToken">Stops the command.</param>
    public static Task CreateDirectoryAsync(string rootfs, string directory, string mode, int owner, CancellationToken cancellationToken) =>
        new HostCommand("install", ["-d", $"--mode={mode}", $"--owner={owner}", $"--group={owner}", Path.Combine(rootfs, directory)])
            .RunAsync(cancellationToken);

    public static void WriteFile(string rootfs, string relativePath, string content)
    {
        var path = Path.Combine(rootfs, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Creates a symbolic link unless something already has that name.</summary>
    public static void Link(string rootfs, string relativePath, string target)
    {
        var path = Path.Combine(rootfs, relativePath);
        if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }
}

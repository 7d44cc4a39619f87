using System.IO.Enumeration;

namespace DeployMatrix.Matrix;

/// <summary>
/// What makes a directory a bundle of a binary: it holds the binary, every file in it is a regular file there to copy
/// (no link to nothing, no device, FIFO or file of /proc), and it is small enough to copy into every cell's container.
/// </summary>
internal static class BundleRules
{
    public const long MaxBytes = 512L << 20;

    /// <summary>The first rule the pair breaks, as the setting at fault and why; null when it is a bundle.</summary>
    /// <returns><c>Setting</c> is <c>bundle</c> or <c>path</c>.</returns>
    public static (string Setting, string Problem)? Check(string directory, string program)
    {
        if (!Directory.Exists(directory))
        {
            return ("bundle", $"'{directory}' is not a directory (a bundle is the directory shipped with the binary)");
        }

        if (InputFile.FileSystemOf(directory) is { } pseudo)
        {
            return ("bundle", $"'{directory}' is a directory of the kernel's {pseudo} file system, not a bundle: name the directory shipped with the binary");
        }

        var inside = Path.GetRelativePath(directory, program);
        if (inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside))
        {
            return ("path", $"'{program}' is not inside its bundle '{directory}': the binary is run from where it lies in the bundle");
        }

        if (Entries(directory).FirstOrDefault(entry => entry.IsDirectoryLink).Path is { } link)
        {
            return ("bundle", $"'{link}' is a link to a directory ({new FileInfo(link).LinkTarget}), which a bundle cannot hold yet: make it a directory of its own, or point RUNPATH at its target");
        }

        long size = 0;
        foreach (var file in Files(directory))
        {
            var info = new FileInfo(file);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            if (target is not { Exists: true })
            {
                return ("bundle", $"'{file}' is a link to nothing ({info.LinkTarget}): every file of a bundle is copied, so it must be there");
            }

            if (InputFile.Problem(file, "a file of a bundle", MaxBytes) is { } problem)
            {
                return ("bundle", $"'{file}' {problem}; every file of a bundle is copied into the container");
            }

            size += target.Length;
        }

        return size > MaxBytes
            ? ("bundle", $"'{directory}' holds {size >> 20} MiB; a bundle is copied into every cell's container, so it may hold at most {MaxBytes >> 20} MiB")
            : null;
    }

    /// <summary>
    /// The files of a bundle, in a stable order, links to files included (they are copied as the file they name).
    /// Links to directories are not followed: one pointing up the tree would never end.
    /// </summary>
    public static IEnumerable<string> Files(string directory) =>
        Entries(directory).Where(entry => !entry.IsDirectoryLink).Select(entry => entry.Path).Order(StringComparer.Ordinal);

    private static FileSystemEnumerable<(string Path, bool IsDirectoryLink)> Entries(string directory) =>
        new(directory, (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.IsDirectory), new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        {
            // Files, and links to directories (to refuse them); real directories are only walked into.
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory || IsLink(entry),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !IsLink(entry),
        };

    private static bool IsLink(in FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;
}

namespace DeployMatrix.Containers.RootLoader;

/// <summary>
/// A program's files at their paths in a container (<c>/app/hello</c>), as symbolic links in a directory of their
/// own that is the program's working directory, removed with it. Links, not copies: a binary of 100 MB costs nothing,
/// and a loader takes <c>$ORIGIN</c> from the path it was given, so a bundle's <c>$ORIGIN/../lib</c> is the staged one.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private readonly Dictionary<string, string> _hostFiles;

    private StagedFiles(string directory, Dictionary<string, string> hostFiles)
    {
        Directory = directory;
        _hostFiles = hostFiles;
    }

    /// <summary>The directory that stands for the container's <c>/</c>.</summary>
    public string Directory { get; }

    /// <summary>Where the program starts: the directory its files lie in, <c>/app</c>, else the stage itself.</summary>
    public string WorkingDirectory =>
        _hostFiles.Keys.Select(path => path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]).Distinct().ToList() is [var top]
            ? Path.Join(Directory, top)
            : Directory;

    /// <param name="files">The program's files.</param>
    /// <param name="under">Where stages are made.</param>
    public static StagedFiles Create(IReadOnlyList<ContainerFile> files, string under)
    {
        ArgumentNullException.ThrowIfNull(files);
        var directory = System.IO.Directory.CreateDirectory(Path.Join(under, Guid.NewGuid().ToString("N")[..12])).FullName;
        var hostFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var file in files)
            {
                var staged = Path.Join(directory, file.ContainerPath);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                File.CreateSymbolicLink(staged, Path.GetFullPath(file.HostPath));
                hostFiles[file.ContainerPath] = file.HostPath;
            }
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        return new StagedFiles(directory, hostFiles);
    }

    /// <summary>Where a path of the container lies in the stage.</summary>
    public string HostPathOf(string containerPath) => Path.Join(Directory, containerPath);

    /// <summary>Makes the directory that stands for <paramref name="containerPath"/> in the stage.</summary>
    public string MakeDirectory(string containerPath) =>
        Path.TrimEndingDirectorySeparator(System.IO.Directory.CreateDirectory(HostPathOf(containerPath)).FullName);

    /// <summary>The host file staged at <paramref name="containerPath"/>.</summary>
    public string HostFileOf(string containerPath) => _hostFiles[containerPath];

    /// <summary>Whether <paramref name="containerPath"/> is a staged file or a directory holding some.</summary>
    public bool Contains(string containerPath)
    {
        var directory = containerPath.TrimEnd('/') + "/";
        return _hostFiles.ContainsKey(containerPath) || _hostFiles.Keys.Any(path => path.StartsWith(directory, StringComparison.Ordinal));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

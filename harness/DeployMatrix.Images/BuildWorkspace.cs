using System.Globalization;

namespace DeployMatrix.Images;

/// <summary>
/// Where image builds happen: one directory per build, named after the process that owns it, so directories of
/// builds that were killed (and could not clean up) are recognised and removed by the next run.
/// </summary>
/// <remarks>
/// Each build's directory is a tmpfs of its own when the memory allows. A build writes thousands of files and deletes
/// them again; on a disk that costs CPU that two cores cannot spare (on ext4 without a journal, as on the machines
/// this project is measured on, each new file is checked against the inodes deleted in the last minutes: a Debian
/// system took 28 s of CPU there and 17 s in memory, the same file for file), and the image's files are written to
/// disk once more by the engine anyway.
/// </remarks>
internal sealed class BuildWorkspace
{
    /// <summary>
    /// What one build may hold at its peak: a root file system, its layer and its archive (about three times the
    /// image), with room for the Debian systems that chrootless builds share.
    /// </summary>
    private const long MemoryPerBuild = 2L << 30;

    private readonly string _root;
    private readonly bool _inMemory;

    /// <summary>Only through <see cref="For(ImageBuildOptions, long)"/>, which says where along with deciding it.</summary>
    private BuildWorkspace(string root, bool inMemory, string where)
    {
        _root = root;
        _inMemory = inMemory;
        Where = where;
    }

    private string BuildsDirectory => Path.Combine(_root, "image-builds");

    /// <summary>Where builds happen and why: "in memory: …" or "on disk under …: …".</summary>
    public string Where { get; }

    /// <summary>The workspace of <paramref name="options"/>: in memory when this machine has the memory for its builds.</summary>
    public static BuildWorkspace For(ImageBuildOptions options) => For(options, AvailableMemory());

    /// <param name="options">The work directory, and how many builds run at once.</param>
    /// <param name="availableMemory">What the kernel says can be allocated without swapping, in bytes.</param>
    public static BuildWorkspace For(ImageBuildOptions options, long availableMemory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var needed = MemoryPerBuild * options.Parallelism;
        // Rounded down, so that what is short is never shown as enough.
        var gigabytes = Math.Floor(availableMemory * 10.0 / (1 << 30)) / 10;
        var memory = string.Create(CultureInfo.InvariantCulture,
            $"{gigabytes:0.0} GB of memory available, {needed >> 30} GB needed to build {options.Parallelism} at a time in memory");
        return availableMemory >= needed
            ? new BuildWorkspace(options.WorkDirectory, inMemory: true, $"in memory: {memory}")
            : new BuildWorkspace(options.WorkDirectory, inMemory: false, $"on disk under {options.WorkDirectory}: {memory}");
    }

    /// <returns>How many directories of killed builds it removed.</returns>
    public async Task<int> RemoveLeftoversAsync()
    {
        if (!Directory.Exists(BuildsDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var directory in Directory.GetDirectories(BuildsDirectory))
        {
            var owner = Path.GetFileName(directory).Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var processId) || !LiveProcesses.IsAlive(processId))
            {
                await DirectoryRemover.RemoveAsync(directory).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }

    public BuildDirectory Create(ImageTarget target) => Create(target.Tag);

    /// <param name="what">What the directory is for, in its name: an image's tag, or <c>system-SUITE</c>.</param>
    public BuildDirectory Create(string what)
    {
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessId}-{what.Replace('/', '_').Replace(':', '_')}-{Guid.NewGuid():N}");
        return new BuildDirectory(Path.Combine(BuildsDirectory, name), _inMemory);
    }

    /// <summary>The kernel's estimate of what can be allocated without swapping (<c>MemAvailable</c>), in bytes; 0 if unknown.</summary>
    private static long AvailableMemory()
    {
        const string key = "MemAvailable:";
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is not null && long.TryParse(line[key.Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
            ? kilobytes * 1024
            : 0;
    }
}

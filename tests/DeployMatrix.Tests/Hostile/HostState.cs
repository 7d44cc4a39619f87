namespace DeployMatrix.Tests.Hostile;

/// <summary>What of the host a hostile program could take or leave behind, measured at one moment.</summary>
/// <param name="FreeBytes">Free space of each watched directory's file system, by directory.</param>
/// <param name="Planted">The watched host paths the programs write in their containers that exist on the host.</param>
/// <param name="Processes">The host's processes running one of the programs: <c>pid /app/orphan</c>.</param>
/// <param name="Interfaces">The host's network interfaces.</param>
public sealed record HostState(
    IReadOnlyDictionary<string, long> FreeBytes, IReadOnlyList<string> Planted, IReadOnlyList<string> Processes, IReadOnlyList<string> Interfaces)
{
    /// <summary>The host file systems a disk filler could reach: the host's /tmp and its root, which holds the engine's data.</summary>
    public static readonly IReadOnlyList<string> Disks = ["/tmp", "/"];

    /// <summary>What the hostile programs write inside their containers (fill-disk, try-mount, write-image).</summary>
    public static readonly IReadOnlyList<string> PlantedPaths = ["/tmp/fill", "/var/fill", "/tmp/try-mount", "/planted"];

    /// <param name="programs">The programs' paths as they run (<c>/app/fork-bomb</c>): a process whose argv[0] is one of them is theirs.</param>
    public static HostState Measure(IReadOnlySet<string> programs) => new(
        Disks.ToDictionary(disk => disk, disk => new DriveInfo(disk).AvailableFreeSpace),
        [.. PlantedPaths.Where(Path.Exists)],
        ProcessesRunning(programs),
        Network());

    public static IReadOnlyList<string> ProcessesRunning(IReadOnlySet<string> programs) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(pid => pid!.All(char.IsAsciiDigit))
            .Select(pid => (Pid: pid!, Program: ProgramOf(pid!)))
            .Where(p => p.Program is not null && programs.Contains(p.Program))
            .Select(p => $"{p.Pid} {p.Program}")];

    public static IReadOnlyList<string> Network() => [.. Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>argv[0] of a process, or null when it has ended meanwhile or has none (a kernel thread).</summary>
    private static string? ProgramOf(string pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            var end = commandLine.IndexOf('\0', StringComparison.Ordinal);
            return end > 0 ? commandLine[..end] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

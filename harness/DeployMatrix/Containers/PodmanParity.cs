using System.Runtime.InteropServices;
using Docker.DotNet.Models;

namespace DeployMatrix.Containers;

/// <summary>
/// What podman's service does differently from Docker with the same request, undone where the request can say so,
/// so that a cell's snapshot is the same under either engine. What it cannot undo is in NOTES.md ("Podman").
/// </summary>
internal sealed partial class PodmanParity : IDisposable
{
    /// <summary>Podman lowers its own <c>RLIMIT_NPROC</c> to this when it starts (seen with strace, podman 4.3).</summary>
    private const ulong PodmansOwnProcessLimit = 32768;

    private const int RlimitNproc = 6;

    private const UnixFileMode Mode0755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Docker's init layer makes these empty (mode 0755); with networking disabled nothing is mounted over them.</summary>
    private static readonly string[] EmptyNetworkFiles = ["/etc/hosts", "/etc/resolv.conf"];

    /// <summary>
    /// Where podman's service mounts a writable tmpfs of its own under a read-only root (its compat API always asks
    /// for <c>--read-only-tmpfs</c>), with the mode Docker's images have there.
    /// </summary>
    private static readonly (string Path, string Mode)[] PodmansWritableUnderReadOnlyRoot = [("/tmp", "1777"), ("/var/tmp", "1777"), ("/run", "755")];

    private readonly DirectoryInfo _directory;
    private readonly string _emptyFile;

    public PodmanParity()
    {
        // Readable by the engine, which may be root's service or this user's own (rootless).
        _directory = Directory.CreateTempSubdirectory("deploymatrix-podman-");
        _emptyFile = Path.Combine(_directory.FullName, "empty");
        File.WriteAllBytes(_emptyFile, []);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(_directory.FullName, Mode0755);
            File.SetUnixFileMode(_emptyFile, Mode0755);
        }
    }

    /// <summary>How many times a cell's container is made when podman loses the race below.</summary>
    public const int StartAttempts = 3;

    /// <summary>
    /// Rootless podman (4.3) reads the program's cgroup from /proc once runc has started it; a program that has
    /// already ended (a loader failure takes a millisecond) can make the start request fail with "read
    /// /proc/PID/cgroup: no such process" (twice in about 270 cells of a test run here, never in 1,100 cells of the
    /// command alone), or with "open /proc/PID/cgroup: no such process" when it ended a moment sooner (writes-cache,
    /// once in a clean-clone run). What the engine then records of the run was not seen, so the cell is not read from
    /// it: it runs again in a fresh container, which its program cannot tell from the first.
    /// </summary>
    public static bool IsLateCgroupRead(string? startError) =>
        startError?.Trim() is { } error
        && (error.StartsWith("read /proc/", StringComparison.Ordinal) || error.StartsWith("open /proc/", StringComparison.Ordinal))
        && error.EndsWith("/cgroup: no such process", StringComparison.Ordinal);

    /// <summary>Adjusts a container's creation, after the harness's own hardening.</summary>
    public void Apply(CreateContainerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var host = parameters.HostConfig ??= new HostConfig();

        // Docker leaves RLIMIT_NPROC as its daemon has it; podman asks runc for 1048576 unless told otherwise, which
        // runc can set only with CAP_SYS_RESOURCE, so on a host without it (a CI container, this machine) no
        // container starts ("error setting rlimit type 6: operation not permitted", podman#7510). No more than
        // podman's own limit, nor than this process's, always works. The harness bounds processes with the pids
        // cgroup, not with this.
        var processes = (long)Math.Min(PodmansOwnProcessLimit, OwnHardProcessLimit());
        host.Ulimits = [.. host.Ulimits ?? [], new Ulimit { Name = "nproc", Soft = processes, Hard = processes }];

        // Podman writes an /etc/hosts of its own (localhost, the host's names, host.containers.internal) even with
        // networking off, where Docker's container has an empty one: a static glibc program resolved "localhost"
        // under podman only. A mount of the harness's there makes podman leave both files alone. Read-only, where
        // Docker's take writes on a writable root; no program here writes them.
        host.Mounts =
        [
            .. host.Mounts ?? [],
            .. EmptyNetworkFiles.Select(path => new Mount { Type = "bind", Source = _emptyFile, Target = path, ReadOnly = true }),
        ];
        KeepReadOnly(host);
    }

    /// <summary>
    /// Under a read-only root Docker leaves <c>/tmp</c>, <c>/var/tmp</c> and <c>/run</c> read-only unless the request
    /// makes them scratch; podman mounts a writable tmpfs on each, so a program wrote where Docker's got "Read-only
    /// file system". An empty read-only tmpfs there, which podman then leaves alone, refuses the same writes (it
    /// hides what the image keeps there, such as Debian's empty /run/lock).
    /// </summary>
    private static void KeepReadOnly(HostConfig host)
    {
        if (host.ReadonlyRootfs != true)
        {
            return;
        }

        var tmpfs = host.Tmpfs ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, mode) in PodmansWritableUnderReadOnlyRoot)
        {
            if (!tmpfs.ContainsKey(path) && host.Mounts?.Any(m => m.Target == path) != true)
            {
                tmpfs[path] = $"ro,nosuid,nodev,size=4k,mode={mode}";
            }
        }

        host.Tmpfs = tmpfs;
    }

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary file left behind is no failure of the run.
        }
    }

    private static ulong OwnHardProcessLimit() => getrlimit(RlimitNproc, out var limit) == 0 ? limit.Max : PodmansOwnProcessLimit;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out Rlimit limit);
}

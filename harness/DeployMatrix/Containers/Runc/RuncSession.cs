using System.Globalization;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The runc runner's part of one harness session on this host: a tmpfs of its own holding its containers'
/// bundles (so nothing outlives a reboot, and overlay's writable layers never sit on a file system it refuses), and
/// an owner file by which a later session tells a killed session's leftovers from a live one's.
/// </summary>
internal sealed class RuncSession : IDisposable
{
    private const string StateRoot = "/run/deploymatrix";
    private static readonly string Sessions = Path.Combine(StateRoot, "sessions");

    private readonly RuncCommand _runc;
    private int _containers;
    private int _disposed;

    private RuncSession(RuncCommand runc, string directory, string prefix)
    {
        _runc = runc;
        Directory = directory;
        Prefix = prefix;
    }

    /// <summary>runc's own state directory for the harness's containers.</summary>
    public static string RuncRoot => Path.Combine(StateRoot, "runc");

    public string Directory { get; }

    /// <summary>How this session's container ids start.</summary>
    public string Prefix { get; }

    /// <summary>How many containers of killed sessions were removed when this one started.</summary>
    public int RemovedAtStart { get; private init; }

    public static RuncSession Start(string runcProgram, Guid session)
    {
        var runc = new RuncCommand(runcProgram, RuncRoot);
        var removed = RemoveLeftovers(runc);
        var name = session.ToString("N");
        var directory = Path.Combine(Sessions, name);
        System.IO.Directory.CreateDirectory(directory);
        Mounts.Tmpfs(directory, "mode=0700");
        File.WriteAllLines(Path.Combine(directory, "owner"), [Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Environment.MachineName]);
        var started = new RuncSession(runc, directory, $"dm-{name[..12]}-") { RemovedAtStart = removed };
        // Front ends that do not dispose (a test host ending) still leave nothing mounted.
        AppDomain.CurrentDomain.ProcessExit += started.OnProcessExit;
        return started;
    }

    public RuncCommand Runc => _runc;

    public string NextId() => Prefix + Interlocked.Increment(ref _containers).ToString(CultureInfo.InvariantCulture);

    /// <summary>Removes every container of this session that is still there, and its directory.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Remove(_runc, Directory, Prefix);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            Dispose();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or DeployMatrixException)
        {
            // Never throw from an exit hook; the next run removes what is left.
            Console.Error.WriteLine($"DeployMatrix: could not remove this session's runc containers on exit ({failure.Message}); the next run removes them.");
        }
    }

    private static int RemoveLeftovers(RuncCommand runc)
    {
        if (!System.IO.Directory.Exists(Sessions))
        {
            return 0;
        }

        var removed = 0;
        foreach (var directory in System.IO.Directory.EnumerateDirectories(Sessions))
        {
            // A directory without its owner file yet is a session another process is starting right now: not dead.
            var owner = Path.Combine(directory, "owner");
            var lines = File.Exists(owner) ? File.ReadAllLines(owner) : [];
            var dead = lines.Length >= 2
                       && lines[1] == Environment.MachineName && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) && !LiveProcesses.IsAlive(pid);
            if (dead)
            {
                removed += Remove(runc, directory, $"dm-{Path.GetFileName(directory)[..12]}-");
            }
        }

        return removed;
    }

    /// <returns>How many containers were removed.</returns>
    private static int Remove(RuncCommand runc, string directory, string prefix)
    {
        var containers = System.IO.Directory.Exists(RuncRoot)
            ? System.IO.Directory.EnumerateDirectories(RuncRoot, prefix + "*").Select(Path.GetFileName).ToList()
            : [];
        foreach (var id in containers)
        {
            runc.Delete(id!);
        }

        if (System.IO.Directory.Exists(directory))
        {
            foreach (var bundle in System.IO.Directory.EnumerateDirectories(directory))
            {
                RuncBundle.Remove(bundle);
            }

            Mounts.Unmount(directory);
            System.IO.Directory.Delete(directory, recursive: true);
        }

        return containers.Count;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The bundle runners' part of one harness session on this host (runc's and bubblewrap's): a tmpfs of its own
/// holding its containers' bundles (so nothing outlives a reboot, and overlay's writable layers never sit on a file
/// system it refuses), an owner file by which a later session tells a killed session's leftovers from a live one's,
/// and the runtime processes it has under way, so that ending the session leaves no container of it, running or stopped, however
/// far along each one was.
/// </summary>
internal sealed class RuncSession : IDisposable
{
    private const string StateRoot = "/run/deploymatrix";
    private const string IdPrefix = "dm-";
    private const int SessionNameLength = 12;
    private static readonly string Sessions = Path.Combine(StateRoot, "sessions");

    private readonly ConcurrentDictionary<string, Process> _running = new(StringComparer.Ordinal);
    private readonly Lazy<string> _directory;
    private int _containers;
    private int _disposed;

    private RuncSession(RuncCommand runc, string directory, string prefix)
    {
        Runc = runc;
        Prefix = prefix;
        _directory = new Lazy<string>(() => Create(directory));
    }

    /// <summary>runc's own state directory for the harness's containers.</summary>
    public static string RuncRoot => Path.Combine(StateRoot, "runc");

    /// <summary>
    /// The session's directory, made and mounted when first needed: a session that never starts a container (one
    /// begun as its process was ending) leaves nothing behind.
    /// </summary>
    public string Directory => _directory.Value;

    /// <summary>How this session's container ids start.</summary>
    public string Prefix { get; }

    public RuncCommand Runc { get; }

    /// <summary>How many containers of killed sessions were removed when this one started.</summary>
    public int RemovedAtStart { get; private init; }

    public static RuncSession Start(string runcProgram, Guid session)
    {
        var runc = new RuncCommand(runcProgram, RuncRoot);
        var name = session.ToString("N");
        var directory = Path.Combine(Sessions, name);
        var removed = RemoveLeftovers(runc);
        var started = new RuncSession(runc, directory, PrefixOf(name)) { RemovedAtStart = removed };
        // Front ends that do not dispose (a test host ending) still leave nothing mounted.
        AppDomain.CurrentDomain.ProcessExit += started.OnProcessExit;
        return started;
    }

    private static string Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        Mounts.Tmpfs(directory, ["mode=0700"]);
        File.WriteAllLines(Path.Combine(directory, "owner"), [Environment.ProcessId.ToString(CultureInfo.InvariantCulture), Environment.MachineName]);
        return directory;
    }

    public string NextId() => Prefix + Interlocked.Increment(ref _containers).ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the runtime's process for <paramref name="bundle"/>, which this session kills if it ends first.</summary>
    /// <exception cref="OperationCanceledException">The session is ending: no container is started.</exception>
    public Process StartRun(RuncBundle bundle, Func<RuncBundle, Process> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var process = start(bundle);
        _running[bundle.Id] = process;
        // A disposal that began while this one was starting has already looked: it must not go unseen.
        if (Volatile.Read(ref _disposed) == 1)
        {
            KillAndWait(process);
            throw new OperationCanceledException("The session is shutting down: no new container is started.");
        }

        return process;
    }

    /// <summary>Forgets a container whose run has ended and which has been deleted.</summary>
    public void Ended(string id) => _running.TryRemove(id, out _);

    /// <summary>Kills every <c>runc run</c> still under way, then removes every container of this session that is still there, and its directory.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var process in _running.Values)
            {
                KillAndWait(process);
            }

            if (_directory.IsValueCreated)
            {
                Remove(Runc, _directory.Value, Prefix);
            }
        }
    }

    /// <summary>
    /// SIGKILL to the <c>runc run</c> process itself: a container it was still creating is then left as runc's state
    /// alone, which <see cref="Remove"/> deletes.
    /// </summary>
    private static void KillAndWait(Process process)
    {
        try
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // It had ended.
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

    private static string PrefixOf(string sessionName) => $"{IdPrefix}{sessionName[..SessionNameLength]}-";

    /// <summary>
    /// Removes what sessions killed outright left: the bundles and containers of every session whose owner is dead,
    /// and every container whose session is gone altogether, known to runc's state directory or only by its cgroups
    /// (a session removed its directory while one of its containers was still being created).
    /// </summary>
    private static int RemoveLeftovers(RuncCommand runc)
    {
        var removed = 0;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in System.IO.Directory.Exists(Sessions) ? System.IO.Directory.EnumerateDirectories(Sessions) : [])
        {
            var prefix = PrefixOf(Path.GetFileName(directory));
            if (IsDead(directory))
            {
                removed += Remove(runc, directory, prefix);
            }
            else
            {
                live.Add(prefix);
            }
        }

        var orphans = Containers(IdPrefix).Where(id => !live.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal)));
        foreach (var id in orphans)
        {
            runc.Delete(id);
            removed++;
        }

        return removed;
    }

    /// <summary>
    /// A session whose owner process is gone. A directory without its owner file yet is a session another process
    /// is starting right now: not dead.
    /// </summary>
    private static bool IsDead(string directory)
    {
        var owner = Path.Combine(directory, "owner");
        var lines = File.Exists(owner) ? File.ReadAllLines(owner) : [];
        return lines.Length >= 2
               && lines[1] == Environment.MachineName && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) && !LiveProcesses.IsAlive(pid);
    }

    /// <summary>
    /// The containers whose ids start with <paramref name="prefix"/> that runc's state directory knows, or only their
    /// cgroups: runc never wrote or already dropped their state, or bubblewrap ran them.
    /// </summary>
    private static List<string> Containers(string prefix) =>
    [
        .. (System.IO.Directory.Exists(RuncRoot) ? System.IO.Directory.EnumerateDirectories(RuncRoot, prefix + "*").Select(Path.GetFileName).OfType<string>() : [])
            .Concat(Cgroups.Below(RuncBundle.CgroupsParent).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal),
    ];

    /// <returns>How many containers were removed.</returns>
    private static int Remove(RuncCommand runc, string directory, string prefix)
    {
        var containers = Containers(prefix);
        foreach (var id in containers)
        {
            runc.Delete(id);
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

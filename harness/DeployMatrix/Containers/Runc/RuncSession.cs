using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The bundle runners' part of one harness session on this host (runc's and bubblewrap's): a directory of its own
/// holding its containers' bundles (as root a tmpfs, so nothing outlives a reboot, and overlay's writable layers never
/// sit on a file system it refuses; for another user a directory in its runtime directory, with the mounts in a
/// namespace of the user's own), an owner file by which a later session tells a killed session's leftovers from a
/// live one's, and the runtime processes it has under way, so that ending the session leaves no container of it,
/// running or stopped, however far along each one was.
/// </summary>
internal sealed class RuncSession : IDisposable
{
    private const string IdPrefix = "dm-";
    private const int SessionNameLength = 12;

    private readonly ConcurrentDictionary<string, Process> _running = new(StringComparer.Ordinal);
    private readonly RuncCommand? _runc;
    private readonly Lazy<Mounts> _mounts;
    private readonly Lazy<string> _directory;
    private int _containers;
    private int _disposed;

    private RuncSession(RuncCommand? runc, Lazy<Mounts> mounts, string directory, string prefix)
    {
        _runc = runc;
        _mounts = mounts;
        Prefix = prefix;
        _directory = new Lazy<string>(() => Create(directory));
    }

    /// <summary>runc's own state directory for the harness's containers.</summary>
    public static string RuncRoot => Path.Combine(PrivilegedState, "runc");

    /// <summary>Where root's sessions keep their state.</summary>
    private const string PrivilegedState = "/run/deploymatrix";

    /// <summary>
    /// The session's directory, made (and as root mounted) when first needed: a session that never starts a container
    /// (one begun as its process was ending) leaves nothing behind.
    /// </summary>
    public string Directory => _directory.Value;

    /// <summary>How this session's container ids start.</summary>
    public string Prefix { get; }

    /// <exception cref="RuncUnavailableException">This session is not root's, and runc here needs root.</exception>
    public RuncCommand Runc => _runc ?? throw new RuncUnavailableException("runc needs root here, and this process is not root");

    /// <summary>Where the session's mounts are made: here as root, else in the session's own namespace, started when first needed.</summary>
    public Mounts Mounts => _mounts.Value;

    /// <summary>Whether the session is root's: its containers may have cgroups, and runc.</summary>
    public bool IsPrivileged => _runc is not null;

    /// <summary>How many containers of killed sessions were removed when this one started.</summary>
    public int RemovedAtStart { get; private init; }

    /// <summary>A session of root, whose containers runc or bubblewrap may start.</summary>
    public static RuncSession Start(string runcProgram, Guid session)
    {
        var runc = new RuncCommand(runcProgram, RuncRoot);
        return Started(runc, new Lazy<Mounts>(() => Mounts.Here), Path.Combine(PrivilegedState, "sessions"), session);
    }

    /// <summary>
    /// A session of a user who is not root: no runc, no cgroups, its state in the user's runtime directory
    /// (<c>$XDG_RUNTIME_DIR/deploymatrix</c>, else <c>/tmp/deploymatrix-UID</c>), its mounts made by
    /// <paramref name="mounts"/> when the first container needs them.
    /// </summary>
    public static RuncSession StartUnprivileged(Guid session, Func<Mounts> mounts)
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } set && Path.IsPathRooted(set)
            ? Path.Combine(set, "deploymatrix")
            : Path.Combine(Path.GetTempPath(), "deploymatrix-" + Environment.UserName);
        return Started(null, new Lazy<Mounts>(mounts), Path.Combine(runtime, "sessions"), session);
    }

    private static RuncSession Started(RuncCommand? runc, Lazy<Mounts> mounts, string sessions, Guid session)
    {
        var name = session.ToString("N");
        var removed = RemoveLeftovers(runc, sessions);
        var started = new RuncSession(runc, mounts, Path.Combine(sessions, name), PrefixOf(name)) { RemovedAtStart = removed };
        // Front ends that do not dispose (a test host ending) still leave nothing mounted.
        AppDomain.CurrentDomain.ProcessExit += started.OnProcessExit;
        return started;
    }

    private string Create(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        if (IsPrivileged)
        {
            Mounts.Tmpfs(directory, ["mode=0700"]);
        }
        else if (OperatingSystem.IsLinux())
        {
            System.IO.File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

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

    /// <summary>Sends SIGKILL to the runtime process of a container; false when it had ended already.</summary>
    public bool KillRun(string id)
    {
        if (!_running.TryGetValue(id, out var process) || process.HasExited)
        {
            return false;
        }

        process.Kill();
        return true;
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
                Remove(_runc, _directory.Value, Prefix, _mounts.IsValueCreated ? _mounts.Value : Mounts.Here);
            }

            if (_mounts.IsValueCreated && _mounts.Value is IDisposable keeper)
            {
                keeper.Dispose();
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
    private static int RemoveLeftovers(RuncCommand? runc, string sessions)
    {
        var removed = 0;
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in System.IO.Directory.Exists(sessions) ? System.IO.Directory.EnumerateDirectories(sessions) : [])
        {
            var prefix = PrefixOf(Path.GetFileName(directory));
            if (IsDead(directory))
            {
                // A dead unprivileged session's mounts ended with its keeper.
                removed += Remove(runc, directory, prefix, Mounts.Here);
            }
            else
            {
                live.Add(prefix);
            }
        }

        if (runc is null)
        {
            // No runc state and no cgroups: nothing of a container outlives its session's directory.
            return removed;
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
    private static int Remove(RuncCommand? runc, string directory, string prefix, Mounts mounts)
    {
        List<string> containers = runc is null ? [] : Containers(prefix);
        foreach (var id in containers)
        {
            runc!.Delete(id);
        }

        if (System.IO.Directory.Exists(directory))
        {
            foreach (var bundle in System.IO.Directory.EnumerateDirectories(directory))
            {
                RuncBundle.Remove(bundle, mounts);
            }

            mounts.Unmount(directory);
            System.IO.Directory.Delete(directory, recursive: true);
        }

        return containers.Count;
    }
}

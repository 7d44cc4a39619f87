namespace DeployMatrix.Containers.Runc;

/// <summary>
/// A container's cgroups, at runc's <c>cgroupsPath</c> (an absolute path below each hierarchy): how often the kernel's
/// out-of-memory killer acted there, and their removal when runc itself could not remove them.
/// </summary>
internal static class Cgroups
{
    private const string Root = "/sys/fs/cgroup";

    private static bool Unified => File.Exists(Path.Combine(Root, "cgroup.controllers"));

    /// <summary>
    /// The out-of-memory kills in the container's memory cgroup, read while runc keeps the stopped container (and its
    /// cgroup); 0 when it cannot be read. The engine learns the same from the same counter; a status of 137 alone could
    /// be any SIGKILL.
    /// </summary>
    public static long OutOfMemoryKills(string cgroupsPath)
    {
        var (file, key) = Unified
            ? (Path.Join(Root, cgroupsPath, "memory.events"), "oom_kill")
            : (Path.Join(Root, "memory", cgroupsPath, "memory.oom_control"), "oom_kill");
        try
        {
            return File.ReadLines(file)
                .Select(line => line.Split(' '))
                .Where(fields => fields.Length == 2 && fields[0] == key)
                .Select(fields => long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The containers that have a cgroup below <paramref name="parent"/> (<c>/deploymatrix</c>) in some hierarchy, by id.</summary>
    public static IEnumerable<string> Below(string parent) =>
        Hierarchies()
            .Select(hierarchy => Path.Join(hierarchy, parent))
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.EnumerateDirectories)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Kills what still runs in the container's cgroups and removes them, in every hierarchy: what runc could not
    /// remove, because the container's last process was still ending or runc lost track of the container (its
    /// <c>runc run</c> killed while creating it). A cgroup stays busy until its last process is gone: the removal is
    /// tried for up to two seconds.
    /// </summary>
    public static void Remove(string cgroupsPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var left = Hierarchies().Select(hierarchy => Path.Join(hierarchy, cgroupsPath)).Where(System.IO.Directory.Exists).ToList();
        while (left.Count > 0)
        {
            left = [.. left.Where(directory => !TryRemove(directory))];
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return;
            }

            Thread.Sleep(50);
        }
    }

    private static bool TryRemove(string directory)
    {
        try
        {
            foreach (var pid in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                using var process = System.Diagnostics.Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
                process.Kill();
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Ended, or no process list in this hierarchy: the directory is removed all the same.
        }

        try
        {
            // A cgroup directory is removed with rmdir, its files are the kernel's.
            System.IO.Directory.Delete(directory);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The one hierarchy of cgroup v2, or each of v1's.</summary>
    private static IEnumerable<string> Hierarchies() => Unified ? [Root] : System.IO.Directory.EnumerateDirectories(Root);
}

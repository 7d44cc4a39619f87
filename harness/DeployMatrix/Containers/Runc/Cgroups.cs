using System.Globalization;
using System.Text.Json.Nodes;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// A container's cgroups, at runc's <c>cgroupsPath</c> (an absolute path below each hierarchy): their making with the
/// spec's limits where runc does not make them (bubblewrap), how often the kernel's out-of-memory killer acted there,
/// and their removal when runc itself could not remove them.
/// </summary>
internal static class Cgroups
{
    /// <summary>
    /// Makes the container's cgroups with the limits of the spec's <c>linux.resources</c> that the engine sets for a
    /// hardened container (memory and swap, processes, CPU quota and shares), as runc writes them.
    /// </summary>
    /// <returns>The <c>cgroup.procs</c> files a process writes its pid to, to join them.</returns>
    /// <exception cref="DeployMatrixException">cgroup v2 refused to hand the controllers down.</exception>
    public static IReadOnlyList<string> Create(string cgroupsPath, JsonObject resources)
    {
        var memory = resources["memory"]?.AsObject();
        var cpu = resources["cpu"]?.AsObject();
        var limits = new List<(string Controller, string File, string Value)>();
        void Add(string controller, string file, JsonNode? value, Func<long, string>? format = null)
        {
            if (value is not null && (long)value is var number and not 0)
            {
                limits.Add((controller, file, format?.Invoke(number) ?? number.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var limit = (long?)memory?["limit"];
        if (Unified)
        {
            Add("memory", "memory.max", memory?["limit"]);
            Add("memory", "memory.swap.max", memory?["swap"], swap => (swap - (limit ?? 0)).ToString(CultureInfo.InvariantCulture));
            Add("pids", "pids.max", resources["pids"]?["limit"]);
            Add("cpu", "cpu.max", cpu?["quota"], quota => string.Create(CultureInfo.InvariantCulture, $"{quota} {(long?)cpu?["period"] ?? 100_000}"));
        }
        else
        {
            Add("memory", "memory.limit_in_bytes", memory?["limit"]);
            Add("memory", "memory.memsw.limit_in_bytes", memory?["swap"]);
            Add("pids", "pids.max", resources["pids"]?["limit"]);
            Add("cpu", "cpu.cfs_period_us", cpu?["period"]);
            Add("cpu", "cpu.cfs_quota_us", cpu?["quota"]);
            Add("cpu", "cpu.shares", cpu?["shares"]);
        }

        var directories = new List<string>();
        foreach (var controller in new[] { "memory", "pids", "cpu" })
        {
            var directory = Unified ? Path.Join(Root, cgroupsPath) : Path.Join(Root, controller, cgroupsPath);
            if (!directories.Contains(directory))
            {
                if (Unified)
                {
                    EnableControllers(cgroupsPath);
                }

                System.IO.Directory.CreateDirectory(directory);
                directories.Add(directory);
            }

            foreach (var (_, file, value) in limits.Where(l => l.Controller == controller))
            {
                // Swap accounting may be off (no memsw file): then memory alone is bounded, as under the engine.
                if (File.Exists(Path.Combine(directory, file)))
                {
                    File.WriteAllText(Path.Combine(directory, file), value);
                }
            }
        }

        return [.. directories.Select(directory => Path.Combine(directory, "cgroup.procs"))];
    }

    /// <summary>Lets every cgroup above the container's hand the three controllers down (cgroup v2 only).</summary>
    /// <exception cref="DeployMatrixException">The kernel refused.</exception>
    private static void EnableControllers(string cgroupsPath)
    {
        var parent = Root;
        foreach (var part in cgroupsPath.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Append(null))
        {
            var control = Path.Combine(parent, "cgroup.subtree_control");
            try
            {
                File.WriteAllText(control, "+memory +pids +cpu");
            }
            catch (IOException e)
            {
                throw new DeployMatrixException($"Could not enable the memory, pids and cpu controllers in {control}: {e.Message}");
            }

            if (part is not null)
            {
                parent = Path.Combine(parent, part);
                System.IO.Directory.CreateDirectory(parent);
            }
        }
    }

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

    /// <summary>Sends SIGKILL to every process in the container's cgroups; false when none was left.</summary>
    public static bool Kill(string cgroupsPath) =>
        Hierarchies().Select(hierarchy => Path.Join(hierarchy, cgroupsPath)).Where(System.IO.Directory.Exists).Select(KillAll).ToList().Any(killed => killed);

    /// <returns>Whether a process was killed.</returns>
    private static bool KillAll(string directory)
    {
        var killed = false;
        try
        {
            foreach (var pid in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                    process.Kill();
                    killed = true;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // It ended meanwhile.
                }
            }
        }
        catch (IOException)
        {
            // No process list in this hierarchy.
        }

        return killed;
    }

    private static bool TryRemove(string directory)
    {
        KillAll(directory);

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

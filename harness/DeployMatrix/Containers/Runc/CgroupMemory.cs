namespace DeployMatrix.Containers.Runc;

/// <summary>
/// How often the kernel's out-of-memory killer acted in a container's memory cgroup, read while runc keeps the
/// stopped container (and its cgroup). The engine learns the same from the same counter; a status of 137 alone
/// could be any SIGKILL.
/// </summary>
internal static class CgroupMemory
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>The count for runc's <c>cgroupsPath</c> (an absolute path below each hierarchy), 0 when it cannot be read.</summary>
    public static long OutOfMemoryKills(string cgroupsPath)
    {
        var (file, key) = File.Exists(Path.Combine(Root, "cgroup.controllers"))
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
}

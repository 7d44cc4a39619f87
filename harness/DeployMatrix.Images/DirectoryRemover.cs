namespace DeployMatrix.Images;

/// <summary>
/// Deletes build directories, which may be a tmpfs themselves (a build in memory) and may hold what a killed
/// mmdebstrap left mounted inside its target (proc, sysfs, devpts, or bind mounts of this host's /dev). Those are
/// unmounted first, and the deletion never crosses into another file system, so a leftover mount can never take the
/// host's files with it.
/// </summary>
internal static class DirectoryRemover
{
    public static async Task RemoveAsync(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        // Deepest first, the directory itself last: a mount inside another mount must go before it. Never cancelled:
        // the build may have been.
        foreach (var mountPoint in MountPointsAt(path).OrderByDescending(m => m.Length))
        {
            await new HostCommand("umount", ["--lazy", mountPoint]).RunAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await new HostCommand("rm", ["-rf", "--one-file-system", "--", path]).RunAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Mount points at <paramref name="path"/> and below it; one stacked on another is there twice.</summary>
    private static IEnumerable<string> MountPointsAt(string path)
    {
        var directory = Path.GetFullPath(path).TrimEnd('/');

        // Field 5 of each mountinfo line is the mount point, with space, tab, newline and backslash octal-escaped.
        return File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Select(UnescapeOctal)
            .Where(mountPoint => mountPoint == directory || mountPoint.StartsWith(directory + "/", StringComparison.Ordinal));
    }

    private static string UnescapeOctal(string field)
    {
        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && field[(i + 1)..(i + 4)].All(c => c is >= '0' and <= '7'))
            {
                text.Append((char)Convert.ToInt32(field[(i + 1)..(i + 4)], 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}

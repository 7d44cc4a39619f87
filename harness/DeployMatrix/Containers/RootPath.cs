using System.Globalization;

namespace DeployMatrix.Containers;

/// <summary>
/// A path inside a container's root, resolved on the host as the container would resolve it: a symbolic link in the
/// image (an absolute one above all) must never lead a mount made from the host to the host's own files.
/// </summary>
internal static class RootPath
{
    private const int MaxLinks = 40;

    /// <summary>The host path of <paramref name="path"/> (absolute, in the container) under <paramref name="root"/>.</summary>
    /// <exception cref="DeployMatrixException">Too many links, as the kernel's ELOOP.</exception>
    public static string Resolve(string root, string path)
    {
        var left = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        var links = 0;
        while (left.First is { } first)
        {
            left.RemoveFirst();
            var part = first.Value;
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // Never above the root, as in the container.
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var host = Path.Join(root, string.Join('/', resolved), part);
            if (new FileInfo(host).LinkTarget is not { } target)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new DeployMatrixException($"{path} in {root} goes through more than {MaxLinks} symbolic links.");
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                left.AddFirst(next);
            }
        }

        return Path.Join(root, string.Join('/', resolved));
    }

    /// <summary>
    /// The home directory of <paramref name="uid"/> in the root's /etc/passwd, else <c>/</c>: the HOME a runtime gives
    /// a container whose image and request set none.
    /// </summary>
    public static string HomeOf(string root, long uid)
    {
        var passwd = Resolve(root, "/etc/passwd");
        var id = uid.ToString(CultureInfo.InvariantCulture);
        var entry = File.Exists(passwd)
            ? File.ReadLines(passwd).Select(line => line.Split(':')).FirstOrDefault(fields => fields.Length >= 6 && fields[2] == id)
            : null;
        return entry is { } fields && fields[5].Length > 0 ? fields[5] : "/";
    }

    /// <summary>Resolves <paramref name="path"/> and makes it, as a directory or an empty file, where it is missing: a mount point.</summary>
    public static string MountPoint(string root, string path, bool directory)
    {
        var host = Resolve(root, path);
        if (directory)
        {
            Directory.CreateDirectory(host);
        }
        else if (!File.Exists(host) && !Directory.Exists(host))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(host)!);
            File.WriteAllBytes(host, []);
        }

        return host;
    }
}

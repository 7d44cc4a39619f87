using System.Text.Json.Nodes;
using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// The spec's tmpfs and bind mounts (the writable scratch directories, the engine's /etc files, the program's files),
/// made from outside a container's root before bubblewrap starts (by the harness, or its keeper: <see cref="Mounts"/>), with the spec's own options: bubblewrap's
/// tmpfs cannot be <c>noexec</c>. Its recursive bind of the root carries them into the container; removing the root's
/// mount detaches them with it. The read-only paths outside /proc (the program's directory) are made read-only last,
/// once the files bound inside them are in place, as runc makes them.
/// </summary>
internal static class HostMounts
{
    public static bool IsProc(string path) => path == "/proc" || path.StartsWith("/proc/", StringComparison.Ordinal);

    /// <param name="spec">The cell's spec.</param>
    /// <param name="root">The cell's root, mounted.</param>
    /// <param name="mounts">Where the root is mounted, and so where its mounts are made.</param>
    public static void Make(JsonObject spec, string root, Mounts mounts)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(mounts);
        root = mounts.View(root);
        var readOnly = (spec["linux"]?["readonlyPaths"]?.AsArray() ?? []).Select(p => (string)p!).Where(p => !IsProc(p)).ToList();
        var specMounts = spec["mounts"]!.AsArray()
            .Select(m => m!.AsObject())
            .Where(m => (string?)m["type"] == "bind" || ((string?)m["type"] == "tmpfs" && !BubblewrapArguments.IsUnderDev((string)m["destination"]!)))
            .Select(m => (
                Type: (string)m["type"]!,
                Source: (string?)m["source"],
                Options: (m["options"]?.AsArray() ?? []).Select(o => (string)o!).ToList(),
                // Every mount point is made first, through the root's own mount: a file made through a read-only
                // path's bind, once that bind exists, would count as a writer there (for as long as a process the
                // harness forks meanwhile holds its descriptor) and make its read-only remount fail with EBUSY.
                Target: RootPath.MountPoint(root, (string)m["destination"]!, (string?)m["type"] == "tmpfs" || Directory.Exists((string?)m["source"]))))
            .ToList();
        var readOnlyTargets = readOnly.Select(path => RootPath.MountPoint(root, path, directory: true)).ToList();
        foreach (var target in readOnlyTargets)
        {
            mounts.BindToItself(target);
        }

        foreach (var mount in specMounts)
        {
            if (mount.Type == "tmpfs")
            {
                mounts.Tmpfs(mount.Target, mount.Options);
            }
            else
            {
                mounts.BindAt(mount.Source!, mount.Target, mount.Options);
            }
        }

        foreach (var target in readOnlyTargets)
        {
            mounts.RemountReadOnly(target);
        }
    }
}

using System.Text.Json.Nodes;
using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// The spec's tmpfs and bind mounts (the writable scratch directories, the engine's /etc files, the program's files),
/// made from the host inside a container's root before bubblewrap starts, with the spec's own options: bubblewrap's
/// tmpfs cannot be <c>noexec</c>. Its recursive bind of the root carries them into the container; removing the root's
/// mount detaches them with it. The read-only paths outside /proc (the program's directory) are made read-only last,
/// once the files bound inside them are in place, as runc makes them.
/// </summary>
internal static class HostMounts
{
    public static bool IsProc(string path) => path == "/proc" || path.StartsWith("/proc/", StringComparison.Ordinal);

    public static void Make(JsonObject spec, string root)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var readOnly = (spec["linux"]?["readonlyPaths"]?.AsArray() ?? []).Select(p => (string)p!).Where(p => !IsProc(p)).ToList();
        foreach (var path in readOnly)
        {
            Mounts.BindToItself(RootPath.MountPoint(root, path, directory: true));
        }

        foreach (var mount in spec["mounts"]!.AsArray().Select(m => m!.AsObject()))
        {
            var destination = (string)mount["destination"]!;
            var options = (mount["options"]?.AsArray() ?? []).Select(o => (string)o!).ToList();
            switch ((string?)mount["type"])
            {
                case "tmpfs" when !BubblewrapArguments.IsUnderDev(destination):
                    Mounts.Tmpfs(RootPath.MountPoint(root, destination, directory: true), options);
                    break;
                case "bind":
                    var source = (string)mount["source"]!;
                    Mounts.BindAt(source, RootPath.MountPoint(root, destination, Directory.Exists(source)), options);
                    break;
            }
        }

        foreach (var path in readOnly)
        {
            Mounts.RemountReadOnly(RootPath.Resolve(root, path));
        }
    }
}

using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The mount calls the harness makes itself, straight to the kernel: a cell's root, the session's tmpfs, and for
/// bubblewrap the spec's tmpfs and bind mounts inside a cell's root.
/// </summary>
internal static partial class Mounts
{
    private const int Detach = 2;

    /// <summary>The <c>MS_</c> flags a mount's options may name, as mount(8) spells them.</summary>
    private static readonly Dictionary<string, nuint> Flags = new(StringComparer.Ordinal)
    {
        ["ro"] = 1,
        ["nosuid"] = 2,
        ["nodev"] = 4,
        ["noexec"] = 8,
        ["noatime"] = 1024,
        ["nodiratime"] = 2048,
        ["relatime"] = 1 << 21,
        ["strictatime"] = 1 << 24,
    };

    private const nuint ReadOnly = 1;
    private const nuint Remount = 32;
    private const nuint Bind = 4096;
    private const nuint Recursive = 16384;

    /// <summary>
    /// Options that are no flag and no file system data: the default (<c>rw</c>), and how the engine binds and
    /// propagates, which <see cref="BindAt"/> does anyway (recursive, private to the container's mount namespace).
    /// </summary>
    private static readonly HashSet<string> Ignored = ["rw", "bind", "rbind", "private", "rprivate", "slave", "rslave", "shared", "rshared"];

    /// <summary>A tmpfs at <paramref name="target"/> with the options of a spec's mount: flags such as <c>noexec</c>, and data such as <c>size=</c>.</summary>
    public static void Tmpfs(string target, IEnumerable<string> options)
    {
        var (flags, data) = Split(options);
        Check(mount("tmpfs", target, "tmpfs", flags, string.Join(',', data)), $"tmpfs at {target}");
    }

    /// <summary>Binds <paramref name="source"/> at <paramref name="target"/>, read-only when the options say <c>ro</c>.</summary>
    public static void BindAt(string source, string target, IEnumerable<string> options)
    {
        var (flags, _) = Split(options);
        Check(mount(source, target, null, Bind | Recursive, null), $"bind of {source} at {target}");
        if (flags != 0)
        {
            Check(mount(null, target, null, Remount | Bind | flags, null), $"remount of {target}");
        }
    }

    /// <summary>Makes <paramref name="target"/> a mount of its own, so that it can be made read-only once what is bound inside it is in place.</summary>
    public static void BindToItself(string target) => Check(mount(target, target, null, Bind | Recursive, null), $"bind of {target} to itself");

    public static void RemountReadOnly(string target) =>
        Check(mount(null, target, null, Remount | Bind | ReadOnly, null), $"read-only remount of {target}");

    private static (nuint Flags, List<string> Data) Split(IEnumerable<string> options)
    {
        nuint flags = 0;
        var data = new List<string>();
        foreach (var option in options)
        {
            if (Flags.TryGetValue(option, out var flag))
            {
                flags |= flag;
            }
            else if (!Ignored.Contains(option))
            {
                data.Add(option);
            }
        }

        return (flags, data);
    }

    /// <summary>Stacks <paramref name="layers"/> (top first) read-only under a writable <paramref name="upper"/> at <paramref name="target"/>.</summary>
    public static void Overlay(IReadOnlyList<string> layers, string upper, string work, string target) =>
        Check(mount("overlay", target, "overlay", 0, $"lowerdir={string.Join(':', layers)},upperdir={upper},workdir={work}"), $"overlay at {target}");

    /// <summary>Detaches whatever is mounted at <paramref name="target"/>; nothing mounted there is no error.</summary>
    public static void Unmount(string target) => umount2(target, Detach);

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new DeployMatrixException($"Could not mount an {what}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string? source, string target, string? fileSystemType, nuint flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}

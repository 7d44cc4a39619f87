using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// The mount calls the harness makes itself: a cell's root, the session's tmpfs, and for bubblewrap the spec's tmpfs
/// and bind mounts inside a cell's root. As root they are made in this process's own mount namespace
/// (<see cref="Here"/>); for a user who is not root, in the namespace of a keeper process
/// (<see cref="Bubblewrap.MountKeeper"/>), which this process reaches through <see cref="View"/>.
/// </summary>
internal abstract partial class Mounts
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

    /// <summary>This process's own mount namespace: what root uses.</summary>
    public static Mounts Here { get; } = new OwnNamespace();

    /// <summary>
    /// The path by which this process reaches <paramref name="path"/> as the mounts' namespace sees it: the path itself
    /// here, or through the keeper's <c>/proc/PID/root</c>. Every method takes either.
    /// </summary>
    public virtual string View(string path) => path;

    /// <summary>A tmpfs at <paramref name="target"/> with the options of a spec's mount: flags such as <c>noexec</c>, and data such as <c>size=</c>.</summary>
    public void Tmpfs(string target, IEnumerable<string> options)
    {
        var (flags, data) = Split(options);
        Mount("tmpfs", Inner(target), "tmpfs", flags, string.Join(',', data), $"tmpfs at {target}");
    }

    /// <summary>Binds <paramref name="source"/> at <paramref name="target"/>, read-only when the options say <c>ro</c>.</summary>
    public void BindAt(string source, string target, IEnumerable<string> options)
    {
        var (flags, _) = Split(options);
        Mount(Inner(source), Inner(target), null, Bind | Recursive, null, $"bind of {source} at {target}");
        if (flags != 0)
        {
            Mount(null, Inner(target), null, Remount | Bind | flags, null, $"remount of {target}");
        }
    }

    /// <summary>Makes <paramref name="target"/> a mount of its own, so that it can be made read-only once what is bound inside it is in place.</summary>
    public void BindToItself(string target) => Mount(Inner(target), Inner(target), null, Bind | Recursive, null, $"bind of {target} to itself");

    public void RemountReadOnly(string target) =>
        Mount(null, Inner(target), null, Remount | Bind | ReadOnly, null, $"read-only remount of {target}");

    /// <summary>Stacks <paramref name="layers"/> (top first) read-only under a writable <paramref name="upper"/> at <paramref name="target"/>.</summary>
    public void Overlay(IReadOnlyList<string> layers, string upper, string work, string target) =>
        Mount("overlay", Inner(target), "overlay", 0, $"lowerdir={string.Join(':', layers.Select(Inner))},upperdir={Inner(upper)},workdir={Inner(work)}", $"overlay at {target}");

    /// <summary>Detaches whatever is mounted at <paramref name="target"/>; nothing mounted there is no error.</summary>
    public abstract void Unmount(string target);

    /// <exception cref="DeployMatrixException">The kernel refused, with its reason.</exception>
    protected abstract void Mount(string? source, string target, string? type, nuint flags, string? data, string what);

    /// <summary>A path as the mounts' namespace names it, from one <see cref="View"/> gave or one of the namespace's own.</summary>
    protected virtual string Inner(string path) => path;

    protected static DeployMatrixException Refused(string what, string reason) => new($"Could not mount an {what}: {reason}.");

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

    private sealed partial class OwnNamespace : Mounts
    {
        public override void Unmount(string target) => umount2(target, Detach);

        protected override void Mount(string? source, string target, string? type, nuint flags, string? data, string what)
        {
            if (mount(source, target, type, flags, data) != 0)
            {
                throw Refused(what, new Win32Exception(Marshal.GetLastPInvokeError()).Message);
            }
        }

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int mount(string? source, string target, string? fileSystemType, nuint flags, string? data);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int umount2(string target, int flags);
    }
}

using System.ComponentModel;
using System.Runtime.InteropServices;

namespace DeployMatrix.Containers.Runc;

/// <summary>The two mount calls the runc runner makes itself, straight to the kernel: a cell's root and the session's tmpfs.</summary>
internal static partial class Mounts
{
    private const int Detach = 2;

    /// <summary>Stacks <paramref name="layers"/> (top first) read-only under a writable <paramref name="upper"/> at <paramref name="target"/>.</summary>
    public static void Overlay(IReadOnlyList<string> layers, string upper, string work, string target) =>
        Check(mount("overlay", target, "overlay", 0, $"lowerdir={string.Join(':', layers)},upperdir={upper},workdir={work}"), $"overlay at {target}");

    public static void Tmpfs(string target, string options) =>
        Check(mount("tmpfs", target, "tmpfs", 0, options), $"tmpfs at {target}");

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
    private static partial int mount(string source, string target, string fileSystemType, nuint flags, string data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}

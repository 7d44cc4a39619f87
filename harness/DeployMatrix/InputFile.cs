using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace DeployMatrix;

/// <summary>
/// What a path a user names (a binary, a file of its bundle, a matrix) really is, asked of the kernel before anything
/// opens it: opening a FIFO waits for a writer that never comes, reading a device may never end (<c>/dev/zero</c>) or
/// read a disk, and the files of the kernel's pseudo file systems (<c>/proc</c>, <c>/sys</c>) state a size that has
/// nothing to do with what reading them gives. Only a regular file of a real file system, of a size its kind allows,
/// is read.
/// </summary>
internal static partial class InputFile
{
    /// <summary>The magic numbers (<c>statfs.f_type</c>) of the file systems whose files the kernel makes up when read.</summary>
    private static readonly Dictionary<long, string> PseudoFileSystems = new()
    {
        [0x9fa0] = "proc",
        [0x62656572] = "sysfs",
        [0x64626720] = "debugfs",
        [0x74726163] = "tracefs",
        [0x73636673] = "securityfs",
        [0x27e0eb] = "cgroup",
        [0x63677270] = "cgroup2",
        [0xcafe4a11] = "bpf",
        [0x62656570] = "configfs",
        [0xde5e81e4] = "efivarfs",
        [0x6165676c] = "pstore",
        [0x42494e4d] = "binfmt_misc",
        [0x65735543] = "fusectl",
        [0xf97cff8c] = "selinuxfs",
    };

    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int FileTypeMask = 0xF000;

    /// <summary>Why <paramref name="path"/> (links followed) is no file to read as <paramref name="what"/>; null when it is one.</summary>
    /// <param name="path">The path as the user named it.</param>
    /// <param name="what">What the file was named as, for the message: "a binary", "a matrix".</param>
    /// <param name="largest">The most bytes a file of that kind may hold.</param>
    /// <returns>A sentence fragment after the path: "is a FIFO (named pipe); ...".</returns>
    public static string? Problem(string path, string what, long largest)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var status = new byte[256];
        if (statx(AtCurrentDirectory, path, 0, StatxType | StatxSize, ref status[0]) != 0)
        {
            // Missing, unreadable or a link to nothing: the callers' own checks say which, in their words.
            return null;
        }

        var kind = BinaryPrimitives.ReadUInt16LittleEndian(status.AsSpan(StatxModeOffset)) & FileTypeMask;
        var type = kind switch
        {
            0x8000 => null,
            0x4000 => null, // a directory: the callers say what to name instead
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO (named pipe)",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
        if (type is not null)
        {
            return $"is {type}, not {what}: name a regular file";
        }

        if (kind == 0x4000)
        {
            return null;
        }

        if (FileSystemOf(path) is { } pseudo)
        {
            return $"is a file of the kernel's {pseudo} file system, made up when read, not {what}: name a regular file";
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(status.AsSpan(StatxSizeOffset));
        return size > largest
            ? $"is {Human(size)}, more than DeployMatrix reads as {what} (at most {Human(largest)})"
            : null;
    }

    /// <summary>The pseudo file system holding <paramref name="path"/>, or null for a real one.</summary>
    public static string? FileSystemOf(string path)
    {
        var status = new byte[256];
        return OperatingSystem.IsLinux() && statfs(path, ref status[0]) == 0
               && PseudoFileSystems.TryGetValue(BinaryPrimitives.ReadInt64LittleEndian(status), out var name)
            ? name
            : null;
    }

    private static string Human(long bytes) =>
        bytes >= 1L << 30 ? FormattableString.Invariant($"{bytes / (double)(1L << 30):0.#} GiB")
        : bytes >= 1L << 20 ? FormattableString.Invariant($"{bytes / (double)(1L << 20):0.#} MiB")
        : FormattableString.Invariant($"{bytes} bytes");

    // statx's buffer has one layout on every architecture, unlike stat's.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, ref byte buffer);

    // f_type is the first field, a long: 8 bytes on the 64-bit platforms .NET runs this on.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statfs(string path, ref byte buffer);
}

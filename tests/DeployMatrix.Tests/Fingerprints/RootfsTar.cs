using System.Formats.Tar;
using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>A root file system written as a tar stream, the shape a container export has, for fingerprints read offline.</summary>
internal sealed class RootfsTar
{
    private readonly List<Action<TarWriter>> _entries = [];

    /// <summary>
    /// A minimal ELF header of the given kind with no program headers, no sections, and <paramref name="tail"/>
    /// appended (text for the loader to find in it).
    /// </summary>
    public static byte[] Elf(ElfMachine machine, ElfClass elfClass, ushort type = 3, string tail = "")
    {
        var is64 = elfClass == ElfClass.Elf64;
        var header = new byte[is64 ? 64 : 52];
        "\u007fELF"u8.CopyTo(header);
        header[4] = (byte)elfClass;
        header[5] = 1;
        header[6] = 1;
        BitConverter.TryWriteBytes(header.AsSpan(16), type);
        BitConverter.TryWriteBytes(header.AsSpan(18), (ushort)machine);
        BitConverter.TryWriteBytes(header.AsSpan(20), 1u);
        BitConverter.TryWriteBytes(header.AsSpan(is64 ? 52 : 40), (ushort)header.Length);
        BitConverter.TryWriteBytes(header.AsSpan(is64 ? 54 : 42), (ushort)(is64 ? 56 : 32));
        BitConverter.TryWriteBytes(header.AsSpan(is64 ? 58 : 46), (ushort)(is64 ? 64 : 40));
        return [.. header, .. System.Text.Encoding.ASCII.GetBytes(tail)];
    }

    public static byte[] Library(Platform platform, string tail = "") => Elf(platform.Machine, platform.Class, tail: tail);

    public RootfsTar Directory(string path) => Add(new PaxTarEntry(TarEntryType.Directory, path.TrimStart('/') + "/"));

    public RootfsTar File(string path, byte[] contents) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, path.TrimStart('/')) { DataStream = new MemoryStream(contents) });

    public RootfsTar Text(string path, string text) => File(path, System.Text.Encoding.UTF8.GetBytes(text));

    public RootfsTar Symlink(string path, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, path.TrimStart('/')) { LinkName = target });

    /// <summary>A hard link, named by archive path as exports name them: <c>usr/lib/libfoo.so.1</c>.</summary>
    public RootfsTar HardLink(string path, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, path.TrimStart('/')) { LinkName = target.TrimStart('/') });

    /// <summary>Debian's merged /usr: /lib, /lib64 and /bin are links into /usr.</summary>
    public RootfsTar MergedUsr() =>
        Directory("/usr").Directory("/usr/lib").Directory("/usr/lib64").Directory("/usr/bin")
            .Symlink("/lib", "usr/lib").Symlink("/lib64", "usr/lib64").Symlink("/bin", "usr/bin");

    public async Task<ImageFingerprint> FingerprintAsync(Platform platform)
    {
        using var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry(writer);
            }
        }

        stream.Position = 0;
        return await RootfsFingerprint.ReadAsync(
            stream, new ImageIdentity("sha256:test", "test:rootfs", platform.Name), platform, TestContext.Current.CancellationToken);
    }

    private RootfsTar Add(PaxTarEntry entry)
    {
        _entries.Add(writer => writer.WriteEntry(entry));
        return this;
    }
}

using System.Buffers;
using System.Formats.Tar;
using System.IO.Enumeration;
using System.Text;
using DeployMatrix.Elf;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// An image's file system as far as its loader cares, read in one pass over a tar stream (a container export): every
/// path with its kind and link target, the ELF files with what they define, and the small text files under
/// <c>/etc</c> (the loader's configuration, the system's os-release) and <see cref="OsReleaseFallback"/>. Paths are resolved the way the kernel resolves them, symbolic links of
/// directories included (<c>/lib -> usr/lib</c>), inside the image and never on the host.
/// </summary>
internal sealed class RootfsScan
{
    /// <summary>ELF files larger than this are not read beyond their header.</summary>
    public const long MaxElfBytes = 64L * 1024 * 1024;

    /// <summary>Where os-release lies when /etc/os-release is a link to it, as on Debian (os-release(5)).</summary>
    public const string OsReleaseFallback = "/usr/lib/os-release";

    /// <summary>Text files under /etc larger than this are not kept.</summary>
    public const int MaxConfigBytes = 64 * 1024;

    private const int MaxLinkHops = 40;
    private const string LibcSoname = "libc.so.6";

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal) { ["/"] = new Node(NodeKind.Directory, null) };
    private readonly Dictionary<string, SortedSet<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScannedElf> _elves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    private RootfsScan()
    {
    }

    private enum NodeKind
    {
        Directory,
        File,
        SymbolicLink,
        HardLink,
        Other,
    }

    public static async Task<RootfsScan> ReadAsync(Stream tar, CancellationToken cancellationToken)
    {
        var scan = new RootfsScan();
        var head = new byte[ElfIdentity.Size];
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            await scan.AddAsync(entry, head, cancellationToken).ConfigureAwait(false);
        }

        return scan;
    }

    /// <summary>
    /// The same scan of a root file system that is a directory here (an exported image, an unpacked sysroot), walked
    /// without following links. A file this user cannot read (an image's /etc/shadow, exported as root) is kept as a
    /// file without contents: the loader reads none of them. /dev, /proc and /sys are left out, as a runtime mounts
    /// its own there: device nodes and pipes would block a read.
    /// </summary>
    public static async Task<RootfsScan> ReadDirectoryAsync(string root, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var scan = new RootfsScan();
        var head = new byte[ElfIdentity.Size];
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var enumeration = new FileSystemEnumerable<FileSystemInfo>(top, (ref FileSystemEntry entry) => entry.ToFileSystemInfo(), options)
        {
            // Links are entries, never followed: /lib -> usr/lib is resolved inside the root, as the kernel would.
            ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                (entry.Attributes & FileAttributes.ReparsePoint) == 0 &&
                !(entry.Directory.Length == top.Length && entry.FileName is "dev" or "proc" or "sys"),
        };
        foreach (var entry in enumeration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = ToPath(Path.GetRelativePath(top, entry.FullName));
            var kind = entry.LinkTarget is not null ? NodeKind.SymbolicLink : entry is DirectoryInfo ? NodeKind.Directory : NodeKind.File;
            scan.Add(path, kind, entry.LinkTarget);
            if (kind == NodeKind.File && entry is FileInfo { Length: > 0 } file)
            {
                FileStream stream;
                try
                {
                    stream = file.OpenRead();
                }
                catch (UnauthorizedAccessException)
                {
                    continue;
                }

                await using (stream.ConfigureAwait(false))
                {
                    await scan.ReadFileAsync(path, stream, file.Length, head, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return scan;
    }

    /// <summary>
    /// The path with every symbolic link followed, components <c>.</c> and <c>..</c> removed; null when it does not
    /// exist, a link loops, or a component before the last is not a directory.
    /// </summary>
    public string? Resolve(string path)
    {
        var pending = new Stack<string>(Components(path).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        var atDirectory = true;
        while (pending.TryPop(out var component))
        {
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                atDirectory = true;
                continue;
            }

            if (!atDirectory)
            {
                return null;
            }

            var candidate = Join(resolved, component);
            if (NodeAt(candidate) is not { } node)
            {
                return null;
            }

            if (node.Kind == NodeKind.SymbolicLink)
            {
                if (++hops > MaxLinkHops)
                {
                    return null;
                }

                if (node.Target!.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var part in Components(node.Target).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            resolved.Add(component);
            atDirectory = node.Kind == NodeKind.Directory;
        }

        return Join(resolved, null);
    }

    public bool IsDirectory(string path) => Resolve(path) is { } real && NodeAt(real)?.Kind == NodeKind.Directory;

    /// <summary>The names in a directory (links to it followed), sorted; empty when it is not one.</summary>
    public IReadOnlyCollection<string> List(string directory) =>
        Resolve(directory) is { } real && _children.TryGetValue(real, out var names) ? names : [];

    /// <summary>The ELF file a path leads to (links, hard links included, followed), or null.</summary>
    public ScannedElf? ElfAt(string path)
    {
        var real = Resolve(path);
        if (real is null)
        {
            return null;
        }

        // A hard link is the file it links to; the archive holds the contents once, under the first name.
        if (_nodes.TryGetValue(real, out var node) && node.Kind == NodeKind.HardLink)
        {
            real = Resolve(node.Target!);
        }

        return real is not null && _elves.TryGetValue(real, out var elf) ? elf : null;
    }

    /// <summary>The text of a small file under /etc (links followed), or null.</summary>
    public string? TextAt(string path)
    {
        var real = Resolve(path);
        if (real is not null && _nodes.TryGetValue(real, out var node) && node.Kind == NodeKind.HardLink)
        {
            real = Resolve(node.Target!);
        }

        return real is not null && _texts.TryGetValue(real, out var text) ? text : null;
    }

    /// <summary>
    /// The paths that exist and match a glob(3) pattern whose components may hold <c>*</c> and <c>?</c>, sorted as
    /// glob sorts them. Names starting with a dot match only a pattern that does.
    /// </summary>
    public IReadOnlyList<string> Glob(string pattern)
    {
        var matches = new List<string> { "/" };
        foreach (var component in Components(pattern))
        {
            var next = new List<string>();
            foreach (var prefix in matches)
            {
                if (component.AsSpan().IndexOfAny('*', '?') < 0)
                {
                    next.Add(Combine(prefix, component));
                    continue;
                }

                next.AddRange(List(prefix)
                    .Where(name => !name.StartsWith('.') || component.StartsWith('.'))
                    .Where(name => FileSystemName.MatchesSimpleExpression(component, name, ignoreCase: false))
                    .Select(name => Combine(prefix, name)));
            }

            matches = next;
        }

        return [.. matches.Where(m => Resolve(m) is not null).Order(StringComparer.Ordinal)];
    }

    public static string Combine(string directory, string name) => directory.EndsWith('/') ? directory + name : $"{directory}/{name}";

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".");

    private static string Join(List<string> components, string? last)
    {
        var builder = new StringBuilder();
        foreach (var component in components)
        {
            builder.Append('/').Append(component);
        }

        if (last is not null)
        {
            builder.Append('/').Append(last);
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    /// <summary>Archive names (<c>./usr/lib/</c>, <c>usr/lib</c>) as absolute paths: <c>/usr/lib</c>.</summary>
    private static string ToPath(string archiveName)
    {
        var components = Components(archiveName).ToList();
        return Join(components, null);
    }

    /// <summary>The node at an exact path; a directory only implied by the paths under it counts as one.</summary>
    private Node? NodeAt(string path) =>
        _nodes.TryGetValue(path, out var node) ? node
        : _children.ContainsKey(path) ? new Node(NodeKind.Directory, null)
        : null;

    private async Task AddAsync(TarEntry entry, byte[] head, CancellationToken cancellationToken)
    {
        var kind = entry.EntryType switch
        {
            TarEntryType.Directory => NodeKind.Directory,
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => NodeKind.File,
            TarEntryType.SymbolicLink => NodeKind.SymbolicLink,
            TarEntryType.HardLink => NodeKind.HardLink,
            TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => NodeKind.Other,
            _ => (NodeKind?)null, // Metadata entries (global extended attributes and the like) name no file.
        };
        var path = ToPath(entry.Name);
        if (kind is null || path == "/")
        {
            return;
        }

        var target = kind switch
        {
            NodeKind.SymbolicLink => entry.LinkName,
            NodeKind.HardLink => ToPath(entry.LinkName),
            _ => null,
        };
        Add(path, kind.Value, target);
        if (kind == NodeKind.File && entry.DataStream is { } data && entry.Length > 0)
        {
            await ReadFileAsync(path, data, entry.Length, head, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Add(string path, NodeKind kind, string? target)
    {
        // A later entry of the same path replaces the earlier one, contents included.
        _nodes[path] = new Node(kind, target);
        _elves.Remove(path);
        _texts.Remove(path);
        AddToParents(path);
    }

    private void AddToParents(string path)
    {
        while (path != "/")
        {
            var slash = path.LastIndexOf('/');
            var parent = slash == 0 ? "/" : path[..slash];
            if (!_children.TryGetValue(parent, out var names))
            {
                _children[parent] = names = new SortedSet<string>(StringComparer.Ordinal);
            }

            if (!names.Add(path[(slash + 1)..]))
            {
                return;
            }

            path = parent;
        }
    }

    private async Task ReadFileAsync(string path, Stream data, long length, byte[] head, CancellationToken cancellationToken)
    {
        var headLength = (int)Math.Min(length, head.Length);
        await data.ReadExactlyAsync(head.AsMemory(0, headLength), cancellationToken).ConfigureAwait(false);
        if (ElfIdentity.TryRead(head.AsSpan(0, headLength)) is { } header)
        {
            _elves[path] = await ReadElfAsync(path, header, data, length, head, cancellationToken).ConfigureAwait(false);
        }
        else if ((path.StartsWith("/etc/", StringComparison.Ordinal) || path == OsReleaseFallback) && length <= MaxConfigBytes && !ElfIdentity.HasMagic(head.AsSpan(0, headLength)))
        {
            var bytes = new byte[length];
            head.AsSpan(0, headLength).CopyTo(bytes);
            await data.ReadExactlyAsync(bytes.AsMemory(headLength), cancellationToken).ConfigureAwait(false);
            _texts[path] = Encoding.UTF8.GetString(bytes);
        }
    }

    private static async Task<ScannedElf> ReadElfAsync(
        string path, ElfIdentity header, Stream data, long length, byte[] head, CancellationToken cancellationToken)
    {
        if (!header.IsSharedObject)
        {
            return new ScannedElf(header, null, new ValueList<string>([]), null, "not a shared object");
        }

        if (length > MaxElfBytes)
        {
            return new ScannedElf(header, null, new ValueList<string>([]), null,
                $"{length} bytes, larger than the {MaxElfBytes / (1024 * 1024)} MB read");
        }

        var size = (int)length;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            head.AsSpan(0, ElfIdentity.Size).CopyTo(buffer);
            await data.ReadExactlyAsync(buffer.AsMemory(ElfIdentity.Size, size - ElfIdentity.Size), cancellationToken).ConfigureAwait(false);
            return Parse(path, header, buffer.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ScannedElf Parse(string path, ElfIdentity header, ReadOnlySpan<byte> bytes)
    {
        ElfFile elf;
        try
        {
            elf = ElfFile.Parse(path, bytes);
        }
        catch (Exception e) when (e is DeployMatrixException or OverflowException or ArgumentException or InvalidOperationException)
        {
            return new ScannedElf(header, null, new ValueList<string>([]), null, e.Message);
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        var mayBeGlibc = elf.Soname is LibcSoname || name.StartsWith("libc.so.", StringComparison.Ordinal)
                         || name.StartsWith("libc-", StringComparison.Ordinal) || name.StartsWith("ld-", StringComparison.Ordinal);
        return new ScannedElf(
            header,
            elf.Soname,
            new ValueList<string>(elf.VersionDefinitions),
            mayBeGlibc ? GlibcRelease(bytes) : null,
            null);
    }

    /// <summary>
    /// The version in glibc's banner, <c>GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36.</c>,
    /// which libc.so.6 and ld.so both carry; read, never printed by running them.
    /// </summary>
    internal static string? GlibcRelease(ReadOnlySpan<byte> bytes)
    {
        var marker = "release version "u8;
        var at = bytes.IndexOf(marker);
        if (at < 0)
        {
            return null;
        }

        var rest = bytes[(at + marker.Length)..];
        var length = 0;
        while (length < rest.Length && length < 32 && (char.IsAsciiDigit((char)rest[length]) || rest[length] == '.'))
        {
            length++;
        }

        var version = Encoding.ASCII.GetString(rest[..length]).TrimEnd('.');
        return version.Length > 0 && char.IsAsciiDigit(version[0]) ? version : null;
    }

    private readonly record struct Node(NodeKind Kind, string? Target);
}

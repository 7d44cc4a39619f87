using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// What the loader of one platform sees in a scanned image: which C library, where it searches, which interpreters
/// exist and which libraries it finds by name. Everything but the musl version, which only the loader itself tells.
/// </summary>
internal sealed record LoaderView(
    LibcKind Libc,
    string? GlibcVersion,
    IReadOnlyList<string> SearchDirectories,
    IReadOnlyList<string> Interpreters,
    IReadOnlyList<ImageLibrary> Libraries,
    IReadOnlyList<string> LoaderProvidedPrefixes)
{
    /// <summary>
    /// The <c>DT_NEEDED</c> names musl's loader resolves to itself (<c>ldso/dynlink.c</c>, <c>load_library</c>: "lib"
    /// followed by one of <c>c. pthread. rt. m. dl. util. xnet.</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> MuslReservedPrefixes =
        ["libc.", "libpthread.", "librt.", "libm.", "libdl.", "libutil.", "libxnet."];

    /// <summary>Directories ELF interpreters are looked for in, besides the platform's multiarch ones.</summary>
    private static readonly string[] InterpreterDirectories = ["/lib", "/lib64", "/lib32", "/libx32", "/usr/lib", "/usr/lib64", "/usr/lib32"];

    private const string GlibcLibc = "libc.so.6";

    public static LoaderView Of(RootfsScan scan, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(platform);

        var interpreters = FindInterpreters(scan, platform);
        var muslLoader = platform.MuslInterpreter;
        var hasMusl = scan.ElfAt(muslLoader) is { } musl && musl.Fits(platform.Machine, platform.Class);
        var glibcLoader = platform.GlibcInterpreter;
        var hasGlibcLoader = scan.ElfAt(glibcLoader) is { } glibc && glibc.Fits(platform.Machine, platform.Class);

        // Search directories depend on the loader, and the libc.so.6 found in glibc's decides the kind: look there first.
        var glibcDirectories = LoaderSearchPath.Glibc(scan, platform);
        var glibcLibraries = FindLibraries(scan, platform, glibcDirectories);
        var libc = glibcLibraries.FirstOrDefault(l => l.Name == GlibcLibc);
        var glibcRelease = GlibcRelease(scan, libc, glibcLoader);

        // A musl image may carry a file named libc.so.6 (gcompat); it is glibc's only if it looks like glibc's.
        var looksLikeGlibc = glibcRelease is not null
                             || libc is not null && libc.VersionDefinitions.Any(v => v.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        var kind = looksLikeGlibc ? LibcKind.Glibc
            : hasMusl ? LibcKind.Musl
            : hasGlibcLoader || libc is not null ? LibcKind.Glibc
            : LibcKind.None;

        return kind switch
        {
            LibcKind.Glibc => new LoaderView(kind, glibcRelease, glibcDirectories, interpreters, glibcLibraries, []),
            LibcKind.Musl => MuslView(scan, platform, interpreters),

            // No loader, so nothing searches: a static binary runs, a dynamic one is refused before any library matters.
            _ => new LoaderView(kind, null, [], interpreters, [], []),
        };
    }

    private static LoaderView MuslView(RootfsScan scan, Platform platform, IReadOnlyList<string> interpreters)
    {
        var directories = LoaderSearchPath.Musl(scan, platform);
        return new LoaderView(
            LibcKind.Musl, null, directories, interpreters, FindLibraries(scan, platform, directories), MuslReservedPrefixes);
    }

    /// <summary>libc.so.6's banner, else the loader's (both carry it).</summary>
    private static string? GlibcRelease(RootfsScan scan, ImageLibrary? libc, string? loader) =>
        (libc is null ? null : scan.ElfAt(libc.RealPath)?.GlibcRelease)
        ?? (loader is null ? null : scan.ElfAt(loader)?.GlibcRelease);

    /// <summary>
    /// For each file name in the search directories, in order, the first that is an ELF shared object of the
    /// platform's machine and class: the loader passes over objects it cannot load and goes on searching.
    /// </summary>
    private static List<ImageLibrary> FindLibraries(RootfsScan scan, Platform platform, IReadOnlyList<string> directories)
    {
        var found = new Dictionary<string, ImageLibrary>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            foreach (var name in scan.List(directory))
            {
                if (found.ContainsKey(name))
                {
                    continue;
                }

                var path = RootfsScan.Combine(directory, name);
                if (scan.ElfAt(path) is { Header.IsSharedObject: true } elf && elf.Fits(platform.Machine, platform.Class))
                {
                    found[name] = new ImageLibrary
                    {
                        Name = name,
                        Path = path,
                        RealPath = scan.Resolve(path)!,
                        Soname = elf.Soname,
                        VersionDefinitions = elf.VersionDefinitions,
                        ReadError = elf.ReadError,
                    };
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// Every path in the library directories, under every name it has there, of an ELF file named like a loader
    /// (<c>ld-linux-x86-64.so.2</c>, <c>ld-musl-x86_64.so.1</c>, <c>ld64.so.2</c>, <c>ld-2.31.so</c>).
    /// </summary>
    private static List<string> FindInterpreters(RootfsScan scan, Platform platform)
    {
        var directories = InterpreterDirectories
            .Concat([$"/lib/{platform.GnuTriplet}", $"/usr/lib/{platform.GnuTriplet}"]);
        var found = new List<string>();
        foreach (var directory in directories.Where(scan.IsDirectory))
        {
            found.AddRange(scan.List(directory)
                .Where(IsLoaderName)
                .Select(name => RootfsScan.Combine(directory, name))
                .Where(path => scan.ElfAt(path) is not null));
        }

        return found;
    }

    private static bool IsLoaderName(string name) =>
        (name.StartsWith("ld-", StringComparison.Ordinal) || name.StartsWith("ld64.so", StringComparison.Ordinal)
                                                          || name.StartsWith("ld.so.", StringComparison.Ordinal))
        && name.Contains(".so", StringComparison.Ordinal);
}

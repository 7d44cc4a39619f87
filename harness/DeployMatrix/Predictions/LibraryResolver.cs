using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// Finds a binary's libraries as glibc's loader would, breadth first from the binary: for each <c>DT_NEEDED</c>
/// name, a library already loaded under that name; else the needing object's <c>DT_RPATH</c> (and the binary's)
/// when it has no <c>DT_RUNPATH</c>, then <c>LD_LIBRARY_PATH</c>, then its <c>DT_RUNPATH</c>; those directories are
/// looked up in the files shipped with the binary (<c>$ORIGIN</c> being the needing object's directory). Then the
/// image's own search, from its fingerprint. Libraries found in the bundle are followed in turn; the image's own are
/// not, since an image's packages agree with each other. Every symbol version the binary and its bundled libraries
/// need is then checked against the library that was found for it.
/// </summary>
internal static class LibraryResolver
{
    private static readonly string[] OriginTokens = ["$ORIGIN", "${ORIGIN}"];

    /// <returns>
    /// The names no directory yields, the versions missing from what was found, and for a missing name the file of
    /// that name the bundle does ship somewhere the loader was not told to look.
    /// </returns>
    public static (IReadOnlyList<string> MissingLibraries, IReadOnlyList<MissingVersion> MissingVersions, IReadOnlyDictionary<string, ShippedLibrary> ShippedElsewhere) Resolve(
        ElfFile binary, string programPath, IReadOnlyDictionary<string, ElfFile> bundle, IReadOnlyList<string> libraryPath, ImageFingerprint image)
    {
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        var missing = new List<string>();
        var loaded = new List<(ElfFile Elf, string Path)> { (binary, programPath) };
        for (var next = 0; next < loaded.Count; next++)
        {
            var (needing, path) = loaded[next];
            foreach (var name in needing.Needed.Where(name => !found.ContainsKey(name) && !missing.Contains(name)))
            {
                if (FromBundle(name, needing, path, binary, bundle, SearchPath(needing, binary, libraryPath, programPath)) is { } shipped)
                {
                    found[name] = new Found(shipped.Path, shipped.Elf.VersionDefinitions, Bundled: true);
                    loaded.Add(shipped);
                }
                else if (image.IsProvidedByLoader(name))
                {
                    found[name] = new Found(name, Definitions: null, Bundled: false);
                }
                else if (image.Library(name) is { } library)
                {
                    found[name] = new Found(library.Path, library.ReadError is null ? library.VersionDefinitions : null, Bundled: false);
                }
                else
                {
                    missing.Add(name);
                }
            }
        }

        var versions = image.Libc.Kind == LibcKind.Musl
            ? [] // musl's loader does not check symbol versions.
            : MissingVersions(loaded, programPath, found);
        var elsewhere = missing
            .Select(name => (name, shipped: bundle.Keys.Order(StringComparer.Ordinal).FirstOrDefault(path => path.EndsWith($"/{name}", StringComparison.Ordinal))))
            .Where(m => m.shipped is not null)
            .ToDictionary(m => m.name, m => ShippedLibrary.At(m.shipped!, programPath), StringComparer.Ordinal);
        return (missing, versions, elsewhere);
    }

    private static List<MissingVersion> MissingVersions(
        List<(ElfFile Elf, string Path)> loaded, string programPath, Dictionary<string, Found> found) =>
    [
        .. from needing in loaded
           from requirement in needing.Elf.VersionRequirements
           let library = found.GetValueOrDefault(requirement.Library)
           let defined = library?.Definitions
           where defined is not null && !defined.Contains(requirement.Version, StringComparer.Ordinal)
           select new MissingVersion(
               requirement.Library,
               requirement.Version,
               requirement.Symbols,
               SymbolVersions.NewestOfFamily(requirement.Version, defined),
               NeededBy: needing.Path == programPath ? null : needing.Path,
               BundledAt: library.Bundled ? library.Path : null),
    ];

    /// <summary>Where glibc looks for the libraries <paramref name="needing"/> names, before the image's own search path.</summary>
    private static IEnumerable<string> SearchPath(ElfFile needing, ElfFile binary, IReadOnlyList<string> libraryPath, string programPath)
    {
        var rpath = needing.Runpath.Count > 0 ? [] : needing.Rpath.Concat(ReferenceEquals(needing, binary) ? [] : binary.Rpath);
        // $ORIGIN in LD_LIBRARY_PATH is the program's directory.
        return rpath.Concat(libraryPath.Select(directory => Expand(directory, Directory(programPath)))).Concat(needing.Runpath);
    }

    private static (ElfFile Elf, string Path)? FromBundle(
        string name, ElfFile needing, string needingPath, ElfFile binary, IReadOnlyDictionary<string, ElfFile> bundle, IEnumerable<string> directories)
    {
        if (bundle.Count == 0)
        {
            return null;
        }

        var origin = Directory(needingPath);
        return directories
            .Select(directory => Normalize($"{Expand(directory, origin)}/{name}"))
            .Where(candidate => bundle.TryGetValue(candidate, out var elf) && elf.Machine == binary.Machine && elf.Class == binary.Class)
            .Select(candidate => ((ElfFile Elf, string Path)?)(bundle[candidate], candidate))
            .FirstOrDefault();
    }

    private static string Expand(string directory, string origin) =>
        OriginTokens.Aggregate(directory, (text, token) => text.Replace(token, origin, StringComparison.Ordinal));

    private static string Directory(string path) => path[..Math.Max(path.LastIndexOf('/'), 0)] is { Length: > 0 } parent ? parent : "/";

    /// <summary>An absolute container path with <c>.</c> and <c>..</c> resolved, as the loader's open would.</summary>
    private static string Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <param name="Path">Where the library was found, in the container.</param>
    /// <param name="Definitions">The version names it defines; null when unknown (unread, or the musl loader itself).</param>
    /// <param name="Bundled">Whether it came with the binary rather than with the image.</param>
    private sealed record Found(string Path, IReadOnlyList<string>? Definitions, bool Bundled);
}

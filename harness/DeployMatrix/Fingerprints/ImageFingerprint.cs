using System.Text.Json.Serialization;
using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// What the dynamic loader of one image can give a binary, read from the image's files without running anything in
/// it but (for musl) its own loader: the C library, the ELF interpreters present, and every shared library the
/// loader finds by name with the version names it defines. Taken once per image id and cached
/// (<see cref="FingerprintStore"/>); compared by value.
/// </summary>
internal sealed record ImageFingerprint
{
    /// <summary>Bumped whenever what a fingerprint holds or means changes: cached ones of another version are retaken.</summary>
    public const int CurrentFormatVersion = 4;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The engine's image id, <c>sha256:…</c>.</summary>
    public required string ImageId { get; init; }

    /// <summary>The local tag the fingerprint was first taken through (one image id may have several).</summary>
    public required string Reference { get; init; }

    /// <summary>As Docker names platforms: <c>linux/arm64</c>.</summary>
    public required string Platform { get; init; }

    public required LibcInfo Libc { get; init; }

    /// <summary>The directories the loader searches by default, in its order, as configured (links not followed).</summary>
    public IReadOnlyList<string> SearchDirectories
    {
        get;
        init => field = new ValueList<string>(value ?? []);
    } = new ValueList<string>([]);

    /// <summary>
    /// Paths of ELF loaders present in the library directories (<c>/lib</c>, <c>/lib64</c>, <c>/usr/lib</c>, the
    /// platform's multiarch ones), each under every name it can be reached by there: <c>/lib64/ld-linux-x86-64.so.2</c>.
    /// A binary's <c>PT_INTERP</c> is checked against these. Sorted.
    /// </summary>
    public IReadOnlyList<string> Interpreters
    {
        get;
        init => field = new ValueList<string>((value ?? []).Order(StringComparer.Ordinal));
    } = new ValueList<string>([]);

    /// <summary>Every shared library the loader finds by file name, sorted by that name.</summary>
    public IReadOnlyList<ImageLibrary> Libraries
    {
        get;
        init => field = new ValueList<ImageLibrary>((value ?? []).OrderBy(l => l.Name, StringComparer.Ordinal));
    } = new ValueList<ImageLibrary>([]);

    /// <summary>
    /// Name prefixes the loader answers itself without looking at the file system (musl: <c>libc.</c>,
    /// <c>libpthread.</c>, <c>libm.</c>, …, so a <c>DT_NEEDED</c> of <c>libc.so.6</c> loads musl). Empty for glibc.
    /// </summary>
    public IReadOnlyList<string> LoaderProvidedPrefixes
    {
        get;
        init => field = new ValueList<string>(value ?? []);
    } = new ValueList<string>([]);

    /// <summary>Whether the image has apt-get, so that a remedy can say to run it there (distroless images have none).</summary>
    public bool HasAptGet { get; init; }

    /// <summary>What the image's os-release file says it is, or null when it has none.</summary>
    public OsRelease? OsRelease { get; init; }

    /// <summary>When the fingerprint was taken (not when it was read from the cache).</summary>
    public DateTimeOffset TakenAt { get; init; }

    public TakeTimings Timings { get; init; } = TakeTimings.Zero;

    /// <summary>The file names the loader finds (<see cref="Libraries"/>' names), sorted.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Sonames => [.. Libraries.Select(l => l.Name)];

    /// <summary>
    /// False when something could not be learnt (the musl loader's version); <see cref="FingerprintStore.GetAsync"/>
    /// then takes the fingerprint again instead of trusting the cached one.
    /// </summary>
    [JsonIgnore]
    public bool IsComplete => Libc.Kind == LibcKind.None || Libc.Version is not null;

    /// <summary>The library the loader finds under this file name, or null.</summary>
    public ImageLibrary? Library(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var libraries = Libraries;
        int low = 0, high = libraries.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(libraries[middle].Name, name);
            if (order == 0)
            {
                return libraries[middle];
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return null;
    }

    /// <summary>Whether the loader finds a library of this file name on the file system.</summary>
    public bool CanFind(string name) => Library(name) is not null;

    /// <summary>Whether the loader satisfies this <c>DT_NEEDED</c> name itself (musl's own names).</summary>
    public bool IsProvidedByLoader(string name) =>
        LoaderProvidedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Whether the library found under <paramref name="library"/> defines <paramref name="version"/>.</summary>
    public bool Defines(string library, string version) => Library(library)?.Defines(version) ?? false;

    public bool HasInterpreter(string path) => Interpreters.Contains(path, StringComparer.Ordinal);

    public override string ToString() =>
        $"{Reference} ({Platform}, {ImageId}): {Libc}, {Interpreters.Count} interpreter paths, {Libraries.Count} libraries";
}

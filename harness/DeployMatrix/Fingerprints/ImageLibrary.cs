
namespace DeployMatrix.Fingerprints;

/// <summary>
/// A shared library the image's loader finds by name: the first ELF shared object of the platform's machine and class
/// under that file name in the loader's search directories, in their order.
/// </summary>
internal sealed record ImageLibrary
{
    /// <summary>The file name the loader looks up, which is what a <c>DT_NEEDED</c> entry names: <c>libc.so.6</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Where the loader finds it: the search directory as configured, and the name.</summary>
    public required string Path { get; init; }

    /// <summary>The file at <see cref="Path"/> with every symbolic link followed.</summary>
    public required string RealPath { get; init; }

    /// <summary>The library's <c>DT_SONAME</c>, or null when it has none (or was not read).</summary>
    public string? Soname { get; init; }

    /// <summary>The version names the library defines (<c>.gnu.version_d</c> without its base entry): <c>GLIBC_2.34</c>.</summary>
    public IReadOnlyList<string> VersionDefinitions
    {
        get;
        init => field = new ValueList<string>(value ?? []);
    } = new ValueList<string>([]);

    /// <summary>
    /// Why the library's contents were not read (too large, malformed), or null. Such a library is still found by name,
    /// but its version definitions are unknown.
    /// </summary>
    public string? ReadError { get; init; }

    public bool Defines(string version) => VersionDefinitions.Contains(version, StringComparer.Ordinal);
}

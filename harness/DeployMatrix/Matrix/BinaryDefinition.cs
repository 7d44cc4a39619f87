using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A binary under test: one build per platform it lists. <see cref="PathTemplate"/> may hold <c>{platform}</c>,
/// replaced by the platform's slug (<c>linux-arm64</c>), for projects that build one file per platform.
/// </summary>
/// <param name="BundleTemplate">
/// A directory shipped whole with the binary, which lies inside it (<c>bin/app</c> beside <c>lib/libfoo.so.1</c>,
/// found through <c>RUNPATH=$ORIGIN/../lib</c>), or null when the binary is shipped alone. May hold <c>{platform}</c>.
/// </param>
internal sealed record BinaryDefinition(
    string Name,
    string PathTemplate,
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<RunCase> Cases,
    string? BundleTemplate = null)
{
    public const string PlatformPlaceholder = "{platform}";

    /// <summary>Where binaries (or their bundles) are put in the container; a loader's message starts with this path.</summary>
    public const string BinaryDirectory = "/app";

    /// <summary>
    /// The binary's path in the container: <c>/app/hello</c>, or for a bundle its place in the bundle under
    /// <c>/app</c>: <c>/app/bin/greet</c>.
    /// </summary>
    public string ProgramPath(Platform platform) =>
        BundleFor(platform) is { } bundle ? InContainer(bundle, PathFor(platform)) : $"{BinaryDirectory}/{Name}";

    /// <summary>
    /// What is copied into the container: the binary, or every file of its bundle (links followed, so a library's
    /// name link arrives as a file) at its place under <see cref="BinaryDirectory"/>. In a stable order.
    /// </summary>
    public IEnumerable<(string HostPath, string ContainerPath)> Files(Platform platform) => BundleFor(platform) is { } bundle
        ? BundleRules.Files(bundle).Select(file => (file, InContainer(bundle, file)))
        : [(PathFor(platform), ProgramPath(platform))];

    /// <summary>The ELF files shipped with the build for a platform (not the binary itself), by their paths in the container, read now.</summary>
    public IReadOnlyDictionary<string, ElfFile> ReadBundle(Platform platform) =>
        BundleFor(platform) is null
            ? new Dictionary<string, ElfFile>()
            : Files(platform)
                .Where(file => file.ContainerPath != ProgramPath(platform) && IsElf(file.HostPath))
                .ToDictionary(file => file.ContainerPath, file => ElfFile.Read(file.HostPath), StringComparer.Ordinal);

    private static bool IsElf(string path)
    {
        using var file = File.OpenHandle(path);
        Span<byte> magic = stackalloc byte[4];
        return RandomAccess.Read(file, magic, 0) == magic.Length && ElfIdentity.HasMagic(magic);
    }

    private static string InContainer(string bundle, string file) =>
        $"{BinaryDirectory}/{Path.GetRelativePath(bundle, file).Replace(Path.DirectorySeparatorChar, '/')}";

    public string PathFor(Platform platform) => ForPlatform(PathTemplate, platform);

    public string? BundleFor(Platform platform) => BundleTemplate is null ? null : ForPlatform(BundleTemplate, platform);

    private static string ForPlatform(string template, Platform platform) =>
        template.Replace(PlatformPlaceholder, platform.Slug, StringComparison.Ordinal);
}

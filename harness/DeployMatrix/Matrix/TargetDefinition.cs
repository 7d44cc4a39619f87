using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A system binaries are shipped to: an image (or a root file system directory, <see cref="Root"/>) and the platforms
/// to run it on. <see cref="ImageTemplate"/> may hold <c>{arch}</c>, replaced by Debian's name of the architecture
/// (amd64, i386, arm64), for images tagged per platform as the local ones are.
/// </summary>
/// <param name="ImageTemplate">The image; null for a target that is a root file system directory.</param>
internal sealed record TargetDefinition(string Name, string? ImageTemplate, IReadOnlyList<Platform> Platforms, ImagePull Pull = ImagePull.Missing)
{
    public const string ArchitecturePlaceholder = "{arch}";

    /// <summary>The root file system directory the target is instead of an image, or null.</summary>
    public TargetRoot? Root { get; init; }

    /// <summary>The image for <paramref name="platform"/>, or for a root file system target, its directory as the matrix names it.</summary>
    public string ImageFor(Platform platform) => Root?.NameFor(platform) ?? Expand(ImageTemplate!, platform);

    /// <summary>An image template with <c>{arch}</c> replaced by <paramref name="platform"/>'s Debian architecture.</summary>
    public static string Expand(string template, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(platform);
        return template.Replace(ArchitecturePlaceholder, platform.DebianArchitecture, StringComparison.Ordinal);
    }
}

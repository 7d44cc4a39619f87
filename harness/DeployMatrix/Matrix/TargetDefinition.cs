using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A system binaries are shipped to: an image and the platforms to run it on. <see cref="ImageTemplate"/> may hold
/// <c>{arch}</c>, replaced by Debian's name of the architecture (amd64, i386, arm64), for images tagged per platform
/// as the local ones are.
/// </summary>
internal sealed record TargetDefinition(string Name, string ImageTemplate, IReadOnlyList<Platform> Platforms, ImagePull Pull = ImagePull.Missing)
{
    public const string ArchitecturePlaceholder = "{arch}";

    public string ImageFor(Platform platform) => Expand(ImageTemplate, platform);

    /// <summary>An image template with <c>{arch}</c> replaced by <paramref name="platform"/>'s Debian architecture.</summary>
    public static string Expand(string template, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(platform);
        return template.Replace(ArchitecturePlaceholder, platform.DebianArchitecture, StringComparison.Ordinal);
    }
}

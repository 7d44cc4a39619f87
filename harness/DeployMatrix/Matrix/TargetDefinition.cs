using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A system binaries are shipped to: an image and the platforms to run it on. <see cref="ImageTemplate"/> may hold
/// <c>{arch}</c>, replaced by Debian's name of the architecture (amd64, i386, arm64), for images tagged per platform
/// as the local ones are.
/// </summary>
public sealed record TargetDefinition(string Name, string ImageTemplate, IReadOnlyList<Platform> Platforms)
{
    public const string ArchitecturePlaceholder = "{arch}";

    public string ImageFor(Platform platform) =>
        ImageTemplate.Replace(ArchitecturePlaceholder, platform.DebianArchitecture, StringComparison.Ordinal);
}

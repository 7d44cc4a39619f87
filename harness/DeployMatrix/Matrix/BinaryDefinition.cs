using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A binary under test: one build per platform it lists. <see cref="PathTemplate"/> may hold <c>{platform}</c>,
/// replaced by the platform's slug (<c>linux-arm64</c>), for projects that build one file per platform.
/// </summary>
public sealed record BinaryDefinition(
    string Name,
    string PathTemplate,
    IReadOnlyList<Platform> Platforms,
    IReadOnlyList<RunCase> Cases)
{
    public const string PlatformPlaceholder = "{platform}";

    public string PathFor(Platform platform) => PathTemplate.Replace(PlatformPlaceholder, platform.Slug, StringComparison.Ordinal);
}

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

    public string PathFor(Platform platform) => ForPlatform(PathTemplate, platform);

    public string? BundleFor(Platform platform) => BundleTemplate is null ? null : ForPlatform(BundleTemplate, platform);

    private static string ForPlatform(string template, Platform platform) =>
        template.Replace(PlatformPlaceholder, platform.Slug, StringComparison.Ordinal);
}

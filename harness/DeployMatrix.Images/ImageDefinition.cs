using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>One entry of the image catalog: a repository built by one recipe for several platforms.</summary>
/// <param name="Name">The repository: <c>deploymatrix/debian</c>.</param>
/// <param name="Version">The tag's version part (<c>12</c>), or null for an image with no version (scratch).</param>
/// <param name="Equivalent">
/// The system or image whose runtime the image has without being it, or null: said in a label, so that nobody reads a
/// result there as a run on it.
/// </param>
/// <param name="Environment">Variables the image sets for every program (beside PATH), in the catalog's order.</param>
internal sealed record ImageDefinition(
    string Name,
    string? Version,
    IRootfsRecipe Recipe,
    LibcInfo Libc,
    IReadOnlyList<Platform> Platforms,
    ImageEquivalent? Equivalent,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    /// <summary>
    /// The local tag of the build for one platform. This Docker's image store keeps one platform per tag, so each
    /// platform gets its own, suffixed with Debian's architecture name: <c>deploymatrix/debian:12-arm64</c>,
    /// <c>deploymatrix/scratch:i386</c>.
    /// </summary>
    public string LocalTag(Platform platform) => TargetDefinition.Expand(LocalTagTemplate, platform);

    /// <summary>The local tags of all platforms as a matrix target names them: <c>deploymatrix/debian:12-{arch}</c>.</summary>
    public string LocalTagTemplate =>
        Version is null ? $"{Name}:{TargetDefinition.ArchitecturePlaceholder}" : $"{Name}:{Version}-{TargetDefinition.ArchitecturePlaceholder}";

    /// <summary>
    /// The libc as people read it: <c>glibc 2.36</c>, or for an image that stands in for a system or an image
    /// <c>glibc 2.17 as on CentOS 7 / RHEL 7 (manylinux2014); not that system</c>.
    /// </summary>
    public string LibcDescription => Equivalent?.Describe(Libc) ?? Libc.ToString();

    /// <summary>What a matrix calls a target of this image: <c>debian-12</c>, <c>musl-1.2.3</c>, <c>scratch</c>.</summary>
    public string TargetName => Version is null ? Name.Split('/')[^1] : $"{Name.Split('/')[^1]}-{Version}";
}

using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// Where <see cref="BundleFactory"/> takes an image's root and the engine's spec from: the engine's own layers and a
/// container it starts (<see cref="EngineBundleSource"/>, as root), or images exported for a user who is not root,
/// with no engine running (<c>Exports/ExportedBundleSource</c>).
/// </summary>
internal interface IBundleSource : IDisposable
{
    /// <exception cref="RuncUnavailableException">Why the image cannot be had.</exception>
    Task<RuncImage> ImageAsync(string tag, CancellationToken cancellationToken);

    /// <summary>The engine's spec for <paramref name="limits"/>, taken on the first of <paramref name="candidates"/> that can show it where that is needed.</summary>
    /// <exception cref="RuncUnavailableException">Why there is none.</exception>
    Task<RuncSpecTemplate> TemplateAsync(ContainerLimits limits, IEnumerable<(string Image, Platform Platform)> candidates, CancellationToken cancellationToken);
}

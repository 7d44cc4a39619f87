using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Exports;

/// <summary>Exported images' identities and fingerprints, as the engine's were when they were exported.</summary>
internal sealed class ExportedImageFingerprinter(ImageExports exports) : IImageFingerprinter
{
    public Task<ImageIdentity?> InspectAsync(string localTag, CancellationToken cancellationToken) =>
        Task.FromResult(exports.TryGet(localTag) is { } image ? new ImageIdentity(image.Id, localTag, $"{image.Os}/{image.Architecture}") : null);

    public Task<ImageFingerprint> TakeAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Task.FromResult(exports.Fingerprint(image.Reference, image.Id));
    }
}

using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Exports;

/// <summary>Exported images' identities and fingerprints, as the engine's were when they were exported.</summary>
internal sealed class ExportedImageFingerprinter(ImageExports exports) : IImageFingerprinter
{
    public Task<ImageIdentity?> InspectAsync(string localTag, CancellationToken cancellationToken) =>
        Task.FromResult(exports.TryGet(localTag) is { } image ? new ImageIdentity(image.Id, localTag, $"{image.Os}/{image.Architecture}") : null);

    public async Task<ImageFingerprint> TakeAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var file = ImageExports.FingerprintFileOf(exports.DirectoryOf(image.Reference));
        ImageFingerprint fingerprint;
        try
        {
            fingerprint = FingerprintJson.Deserialize(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            throw new DeployMatrixException($"{file} holds no fingerprint ({e.Message}): export {image.Reference} again (deploymatrix images export --tag {image.Reference}).");
        }

        return fingerprint.FormatVersion == ImageFingerprint.CurrentFormatVersion && fingerprint.ImageId == image.Id
            ? fingerprint
            : throw new DeployMatrixException($"{file} is a fingerprint of another format or image: export {image.Reference} again (deploymatrix images export --tag {image.Reference}).");
    }
}

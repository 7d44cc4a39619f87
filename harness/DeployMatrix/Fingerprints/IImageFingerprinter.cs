using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>What <see cref="FingerprintStore"/> needs of an engine: the identity of an image, and a fingerprint taken anew.</summary>
internal interface IImageFingerprinter
{
    /// <summary>The image a local tag names, or null when the engine has no such image. Starts no container.</summary>
    Task<ImageIdentity?> InspectAsync(string localTag, CancellationToken cancellationToken);

    /// <summary>Reads the image's file system and describes what its loader finds. Never served from a cache.</summary>
    Task<ImageFingerprint> TakeAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken);
}

namespace DeployMatrix.Images;

/// <summary>What Docker holds under a target's tag.</summary>
/// <param name="Reason">Why it is missing or stale, as the user reads it; null when up to date.</param>
/// <param name="ImageId">The image under the tag (<c>sha256:...</c>), or null when missing.</param>
/// <param name="Size">Its size in bytes, or null when missing.</param>
internal sealed record ImageStatus(ImageState State, string? Reason, string? ImageId, long? Size)
{
    public static readonly ImageStatus Missing = new(ImageState.Missing, "not in Docker", null, null);
}

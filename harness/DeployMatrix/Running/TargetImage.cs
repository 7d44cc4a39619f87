namespace DeployMatrix.Running;

/// <summary>An image a cell runs in, or the root file system directory it runs in instead.</summary>
/// <param name="Reference">The image as the matrix names it for the cell's platform.</param>
/// <param name="LocalTag">
/// The tag that holds that image for that platform here: the reference itself, or for a multi-platform image pulled
/// from a registry, a per-platform alias (this engine keeps one platform per tag).
/// </param>
/// <param name="ImageId">The engine's id of that image, which its cached fingerprint is kept by.</param>
/// <param name="Digest">
/// The registry's digest of what was pulled (for a multi-platform image, its index: the digest a pinned reference
/// names); null for an image built here.
/// </param>
/// <param name="Equivalent">
/// What the image's <c>io.deploymatrix.equivalent</c> label says it stands in for (<c>glibc 2.17 as on CentOS 7 /
/// RHEL 7 (manylinux2014); not that system</c>), or null.
/// </param>
internal sealed record TargetImage(string Reference, string LocalTag, string ImageId, string? Digest = null, string? Equivalent = null)
{
    /// <summary>
    /// A root file system directory (<c>rootfs:</c>), not an image: <see cref="Reference"/> is the directory as the
    /// matrix names it, <see cref="LocalTag"/> and <see cref="ImageId"/> the directory here.
    /// </summary>
    public bool IsRoot { get; init; }
}

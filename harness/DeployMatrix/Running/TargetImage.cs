namespace DeployMatrix.Running;

/// <summary>An image a cell runs in, as the engine describes it.</summary>
/// <param name="Reference">The image as the matrix names it for the cell's platform.</param>
/// <param name="LocalTag">
/// The tag that holds that image for that platform here: the reference itself, or for a multi-platform image pulled
/// from a registry, a per-platform alias (this engine keeps one platform per tag).
/// </param>
/// <param name="Libc">The C library it holds (<c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>), or null when unknown.</param>
public sealed record TargetImage(string Reference, string LocalTag, string? Libc);

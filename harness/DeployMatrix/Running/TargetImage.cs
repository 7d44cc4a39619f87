namespace DeployMatrix.Running;

/// <summary>An image a cell runs in.</summary>
/// <param name="Reference">The image as the matrix names it for the cell's platform.</param>
/// <param name="LocalTag">
/// The tag that holds that image for that platform here: the reference itself, or for a multi-platform image pulled
/// from a registry, a per-platform alias (this engine keeps one platform per tag).
/// </param>
internal sealed record TargetImage(string Reference, string LocalTag);

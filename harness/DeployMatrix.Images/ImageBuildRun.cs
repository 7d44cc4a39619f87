namespace DeployMatrix.Images;

/// <summary>What <see cref="ImageBuilder.EnsureAsync"/> did besides the builds its events report.</summary>
/// <param name="LeftoversRemoved">How many directories of earlier builds that were killed it removed first.</param>
/// <param name="Where">Where the builds happened and why (in memory or on disk); null when nothing was built.</param>
internal sealed record ImageBuildRun(int LeftoversRemoved, string? Where);

namespace DeployMatrix.Images;

/// <summary>Progress of <see cref="ImageBuilder.EnsureAsync"/> for one target.</summary>
/// <param name="Detail">Why a build started, or why it failed.</param>
/// <param name="Elapsed">How long a finished build took.</param>
/// <param name="Size">The image's size in bytes, when Docker has it.</param>
internal sealed record ImageBuildEvent(
    ImageTarget Target,
    ImageBuildEventKind Kind,
    string? Detail = null,
    TimeSpan? Elapsed = null,
    long? Size = null);

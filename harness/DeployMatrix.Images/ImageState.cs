namespace DeployMatrix.Images;

/// <summary>How the image Docker holds under a target's tag compares with the target.</summary>
internal enum ImageState
{
    /// <summary>Docker has nothing under the tag.</summary>
    Missing,

    /// <summary>Docker has an image under the tag, but of another platform, an older recipe, or not built here.</summary>
    Stale,

    /// <summary>Docker has the image the current recipe makes, for the right platform.</summary>
    UpToDate,
}

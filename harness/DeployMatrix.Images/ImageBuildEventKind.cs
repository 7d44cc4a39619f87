namespace DeployMatrix.Images;

internal enum ImageBuildEventKind
{
    /// <summary>Docker already has the image: nothing to do.</summary>
    UpToDate,

    /// <summary>A build began; the event's detail says why it was needed.</summary>
    Started,

    /// <summary>A build ended with the image in Docker.</summary>
    Built,

    /// <summary>A build ended without the image; the event's detail says why.</summary>
    Failed,
}

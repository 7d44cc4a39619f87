using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>What a recipe works with while it makes one root file system.</summary>
/// <param name="Rootfs">The directory to fill; it becomes the image's only layer.</param>
/// <param name="ScratchDirectory">An empty directory for downloads and the like, deleted after the build.</param>
/// <param name="Systems">The run's Debian systems of this host's architecture, for chrootless builds.</param>
internal sealed record RootfsBuildContext(
    ImageDefinition Image,
    Platform Platform,
    string Rootfs,
    string ScratchDirectory,
    BuildHost Host,
    SuiteSystems Systems);

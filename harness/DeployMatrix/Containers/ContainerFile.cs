namespace DeployMatrix.Containers;

/// <summary>
/// A file copied into the container before it starts (never bind-mounted: the binary under test must not reach the
/// host's file system), executable by everyone.
/// </summary>
internal sealed record ContainerFile(string HostPath, string ContainerPath);

namespace DeployMatrix.Containers;

/// <summary>What a program may do to its container's root file system (<c>runner: root:</c> in a matrix).</summary>
internal enum RootFileSystem
{
    /// <summary>
    /// Writable, as on a machine booted from the image: every write lands in a layer of the container's own, bounded
    /// where the runtime can bound it (<see cref="ContainerLimits.RootBytes"/>) and discarded with the container.
    /// </summary>
    Writable,

    /// <summary>
    /// Read-only but for the scratch directories (<see cref="ContainerLimits.Writable"/>), as teams deploy with
    /// systemd's <c>ProtectSystem=strict</c> or Kubernetes' <c>readOnlyRootFilesystem</c>.
    /// </summary>
    ReadOnly,
}

namespace DeployMatrix.Containers;

/// <summary>
/// Runs one program per fresh, hardened container (see <see cref="DockerContainerRunner"/> for what a container may
/// do) and removes the container when the run ends, whatever happened.
/// </summary>
internal interface IContainerRunner : IDisposable
{
    /// <summary>The runtime's name, as reports give it: <c>docker</c> or <c>runc</c>.</summary>
    ContainerRuntime Runtime { get; }

    Task<ContainerResult> RunAsync(ContainerRequest request, CancellationToken cancellationToken = default);
}
